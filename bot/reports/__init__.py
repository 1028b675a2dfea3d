"""Pictures for people: the progress chart."""
