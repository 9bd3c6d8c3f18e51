"""Shared fixtures: named personas and the services they need."""
