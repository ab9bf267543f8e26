"""Terminal output: Rich tables and sentences, plain text, and the interactive rate walk-through."""
