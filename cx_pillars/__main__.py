from cx_pillars.cli import main

main()
