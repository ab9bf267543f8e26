"""cx-pillars: compare the team's picture of the customer with the customer's own."""

__version__ = "0.1.0"
