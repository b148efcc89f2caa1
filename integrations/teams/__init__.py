"""Microsoft Teams: answers and referral checks with the Microsoft Teams SDK for Python (see ``app.py``)."""
