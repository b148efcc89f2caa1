"""Delivery channels: CLI, HTTP service, Slack and Teams. They parse input, call the assistant, format output."""
