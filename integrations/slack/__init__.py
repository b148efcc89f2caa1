"""Slack: answers and referral checks where practitioners already work (slack-bolt; see ``app.py``).

What Slack shares with Teams (the pipeline calls, state, formatting) is in ``integrations.channels``.
"""
