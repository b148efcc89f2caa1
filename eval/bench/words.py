"""Word lists and the fixed query set of the synthetic benchmark corpus (all invented wording)."""

from __future__ import annotations

PLACES = (
    "Ashcombe", "Brackenmoor", "Corvale", "Dunmere", "Elsworth Vale", "Fallowby", "Greyhithe", "Harrowdene",
    "Kestrel Bay", "Lowbridge", "Marshcombe", "Northolme", "Orrinford", "Pellingham", "Quarrendon", "Rushmere",
    "Saltley Cross", "Thornaby Reach", "Upperwick", "Westerleigh",
)  # fmt: skip

REVIEW_KINDS = (
    ("LCSPR", "Local Child Safeguarding Practice Review", "child"),
    ("SAR", "Safeguarding Adult Review", "adult"),
    ("DHR", "Domestic Homicide Review", "adult"),
    ("rapid_review", "Rapid Review", "child"),
    ("learning_review", "Learning Review", "child"),
    ("CSPR", "Child Safeguarding Practice Review", "child"),
)

NATIONS = ("England", "England", "England", "Wales", "Scotland", "Northern Ireland")

CHILD_SUBJECTS = ("Child A", "Child B", "Child C", "Child D", "Child F", "Child H", "Child K", "Child M", "Child T")
ADULT_SUBJECTS = ("Adult E", "Adult G", "Mr J", "Ms L", "Mrs N", "Mr P", "Ms R", "Adult S", "Mr W")

AGENCIES = (
    "health visiting service", "GP practice", "school nurse", "children's social care team", "adult social care team",
    "police public protection unit", "ambulance service", "emergency department", "community mental health team",
    "drug and alcohol service", "housing provider", "probation service", "early help team", "midwifery service",
    "youth offending service", "domestic abuse outreach service", "education welfare officer", "hospital ward staff",
    "fire and rescue service", "multi-agency safeguarding hub",
)  # fmt: skip

CONTACTS = (
    "made a home visit", "held a telephone review", "completed an assessment", "attended a strategy meeting",
    "received a referral", "recorded a missed appointment", "carried out a welfare check", "shared a concern",
    "convened a professionals meeting", "closed the case", "made a follow-up visit", "reviewed the care plan",
)  # fmt: skip

CHILD_OBSERVATIONS = (
    "the home was cold and there was little food in the kitchen",
    "a bruise on the forearm was noted but no explanation was recorded",
    "the parent said the injury happened during play and this was accepted",
    "the child had missed several days of school in the previous month",
    "the young person had been reported missing twice in a fortnight",
    "neighbours had raised concerns about shouting late at night",
    "the baby was not yet mobile and had a small mark near the ear",
    "the family had moved address three times within a year",
    "records showed a history of domestic abuse in an earlier relationship",
    "the young person was seen with older males in a car outside school",
    "the mother said she was struggling with low mood after the birth",
    "the child appeared withdrawn and was reluctant to speak in front of adults",
)  # fmt: skip

ADULT_OBSERVATIONS = (
    "the home was cold and there was little food in the kitchen",
    "the person declined support and said they were coping well",
    "rubbish and belongings blocked the hallway and the rear door",
    "a partner was present throughout and answered questions on behalf of the person",
    "there were signs that medication had not been taken for some weeks",
    "neighbours had raised concerns about shouting late at night",
    "the carer appeared exhausted and described feeling isolated",
    "records showed a history of domestic abuse in an earlier relationship",
    "the person was drinking heavily and had fallen at home",
    "a bruise on the forearm was noted but no explanation was recorded",
    "the person had lost weight and was not attending hospital appointments",
    "a relative was managing the person's money and restricting visitors",
)  # fmt: skip

FINDINGS = (
    "information held by one agency was not shared with the others who needed it",
    "practitioners did not always show professional curiosity about what they were told",
    "the voice of the child was not heard clearly in assessments",
    "the lived experience of the adult was not explored beyond the presenting issue",
    "escalation routes were known but rarely used when disagreement arose",
    "assessments focused on single incidents rather than the pattern over time",
    "the risks posed by a father or male partner were not assessed",
    "mental capacity was assumed rather than assessed for specific decisions",
    "thresholds for a statutory response were interpreted differently by each agency",
    "workers were managing high caseloads with limited supervision",
    "the transition from children's to adult services left a gap in support",
    "disguised compliance was not recognised until late in the timeline",
    "records were incomplete and did not capture the reasons for decisions",
    "the family's cultural and language needs were not fully considered",
    "exploitation outside the home was treated as a choice rather than as harm",
    "self-neglect was not recognised as a safeguarding concern in its own right",
)  # fmt: skip

CONSEQUENCES = (
    "opportunities to intervene earlier were missed",
    "the overall picture of risk was never brought together",
    "the family received a series of short interventions that ended too soon",
    "the person's own account was given more weight than the evidence",
    "agencies believed that someone else was taking the lead",
    "concerns were closed without a multi-agency discussion",
    "support was withdrawn when engagement was poor instead of being adapted",
    "the significance of repeated minor incidents was lost",
)  # fmt: skip

ACTIONS = (
    "review its information sharing agreement",
    "deliver multi-agency training on professional curiosity",
    "update the escalation and resolution protocol",
    "audit a sample of cases against the revised threshold guidance",
    "introduce a routine enquiry about domestic abuse at every contact",
    "publish a seven-minute briefing for front-line staff",
    "strengthen supervision arrangements for practitioners with complex cases",
    "develop a pathway for young people moving into adult services",
    "ensure that fathers and male carers are included in assessments",
    "set up a panel for high-risk self-neglect and hoarding cases",
    "check that mental capacity assessments are decision-specific",
    "ask commissioners to fund a specialist exploitation worker",
)  # fmt: skip

OUTCOMES = (
    "concerns are seen in the context of the whole family",
    "practitioners feel confident to challenge one another",
    "the child's daily experience is recorded and acted upon",
    "people who decline support are still kept in view",
    "risks are reviewed whenever circumstances change",
    "learning is tested through audit rather than assumed",
    "referrals contain the information needed to make a decision",
    "there is a named lead agency for every open case",
)  # fmt: skip

CONNECTORS = ("However,", "In addition,", "At the same time,", "Later that month,", "By contrast,", "Subsequently,")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

SECTION_HEADINGS = {
    "background": ("Background to the review", "The family and their circumstances", "Scope and methodology"),
    "episodes": ("Key practice episodes", "Chronology of agency contact", "Events leading to the review"),
    "analysis": ("Analysis of practice", "What the review found", "Themes arising from the review"),
    "findings": ("Findings and learning", "Learning for the partnership", "Practice issues identified"),
    "recommendations": ("Recommendations", "Actions for the partnership", "Recommendations and next steps"),
}

# The fixed query set: practitioners' questions in the style of the real question sets.
QUERIES = (
    "What did the review find about information sharing between agencies?",
    "How should practitioners respond to a bruise on a baby who is not yet mobile?",
    "Why were opportunities to intervene earlier missed?",
    "What is professional curiosity and why does it matter?",
    "How was the voice of the child recorded in assessments?",
    "What are the recommendations about escalation when agencies disagree?",
    "How should self-neglect and hoarding be handled as a safeguarding concern?",
    "What training did the partnership agree to deliver?",
    "When should a mental capacity assessment be carried out?",
    "What happened when the young person was reported missing?",
    "How were fathers and male partners included in assessments?",
    "What did the health visiting service see on the home visit?",
    "How did the police public protection unit share concerns?",
    "What are the risks when a family moves address several times?",
    "How should disguised compliance be recognised?",
    "What support is there for young people moving into adult services?",
    "Why was the case closed without a multi-agency discussion?",
    "What does the review say about child exploitation outside the home?",
    "How can supervision help practitioners with complex cases?",
    "What is a seven-minute briefing?",
    "What did the GP practice record about missed appointments?",
    "How should domestic abuse be asked about at every contact?",
    "What were the findings of the Safeguarding Adult Review?",
    "What did the Domestic Homicide Review recommend?",
    "How were thresholds for a statutory response interpreted?",
    "What did the emergency department do after the injury?",
    "How should agencies keep people who decline support in view?",
    "What did the drug and alcohol service know about the drinking?",
    "Which agency was the lead for the case?",
    "What was the lived experience of the adult?",
    "How did high caseloads affect practice?",
    "What did the strategy meeting decide?",
    "How were cultural and language needs considered?",
    "What did the school nurse notice about attendance?",
    "What is the pathway for high-risk self-neglect cases?",
    "How was the carer supported when exhausted and isolated?",
    "What did the rapid review conclude?",
    "How did the housing provider respond to the condition of the home?",
    "What should a referral contain?",
    "How should repeated minor incidents be assessed?",
    "What audit did the partnership commission?",
    "What did the probation service know about the partner's history?",
    "How should risks be reviewed when circumstances change?",
    "What happened at the welfare check by the fire and rescue service?",
    "What did the multi-agency safeguarding hub do with the referral?",
    "Why was medication not taken for several weeks?",
    "How did the early help team work with the family?",
    "What should happen when engagement with a family is poor?",
    "What does the review say about the pattern of concerns over time?",
    "How were neighbours' concerns about shouting followed up?",
)
