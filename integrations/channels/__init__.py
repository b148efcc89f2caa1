"""What every chat channel shares: calls into the one answer pipeline (``pipeline``), bounded
in-memory state (``state``) and channel-agnostic presentation (``formatting``). Slack and Teams
build their own messages on these and never import each other.
"""
