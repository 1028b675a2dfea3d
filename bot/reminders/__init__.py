"""Reminders: planning each person's next nudges into the database, and sending what is due."""
