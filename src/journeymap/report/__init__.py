"""Reporters turn a list of findings into text for people or machines; the linter never prints."""
