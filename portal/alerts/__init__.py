"""Email alerts: new offers, events and profiles matching a person's saved criteria."""
