"""Slack: answers and referral checks where practitioners already work (slack-bolt; see ``app.py``).

``formatting`` and ``pipeline`` are channel-agnostic and shared with ``integrations.teams``.
"""
