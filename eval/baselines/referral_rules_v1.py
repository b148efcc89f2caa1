"""The referral reader of caselearn 0.1 (one bag of facts from hand-written patterns), kept as a baseline
for `caselearn eval referral`: the fact-labelled sets are scored against it. Not used by the assistant.

Facts from a free-text description of a situation, each with the words it came from. No LLM needed.

Rules are deliberately explicit: a phrase found sets a fact, a negated phrase ("no concerns",
"never on the register", "unharmed") sets it false, and a hedged phrase ("possible learning
disability") leaves it unknown. Facts the situation does not mention stay unknown, except the
few "status flags" (in care, care leaver, learning disability, autism, domestic abuse, near miss,
good practice) that are taken as absent when nothing suggests them; those are listed as
``default`` so the practitioner can correct them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.referral.gazetteer import places_in
from assistant.referral.models import Fact, FactValue

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORDS.update({f"{t}-{u}": v + i for t, v in _TENS.items() for i, u in enumerate(_UNITS, start=1)})
_NUMBER_WORDS.update(_TENS)
_NUM = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_AGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{_NUM}[- ](day|week|month|year)s?[- ]old\b", re.I), "unit"),
    (re.compile(rf"\b(?:infant|baby|child|boy|girl)(?: of|,| aged)? {_NUM} (day|week|month|year)s?\b", re.I), "unit"),
    (re.compile(r"\b(\d{1,2})/52\b"), "weeks"),
    (re.compile(r"\b(\d{1,2})/12\b(?!/)"), "weeks"),
    (re.compile(r"\b[A-Z]\.? \((\d{1,3})[,)]"), "years"),
    (re.compile(rf"(?<!from )(?<!since )(?<!until )(?<!at )\b(?:aged|age) {_NUM}\b", re.I), "years"),
    (re.compile(rf"\b(?:turned|turns) {_NUM}\b", re.I), "years"),
    (
        re.compile(
            rf"\b(?:female|male|woman|man|girl|boy|person|people|patient|resident|victim),? {_NUM}\b(?![-/])", re.I
        ),
        "years",
    ),
    (re.compile(r"\b(\d{1,3}) ?(?:[mf]|yo[mf])\b(?!\w)", re.I), "years"),
    (
        re.compile(r"\b(?:girl|boy|child|pupil|son|daughter|woman|man|year \d{1,2})s? \((\d{1,3})\)", re.I),
        "years",
    ),
    (
        re.compile(
            rf"(?<!for )(?<!over )(?<!past )(?<!last )(?<!next )\b{_NUM} ?(?:yo|y/o|yrs?|years)\b(?! ago)", re.I
        ),
        "years",
    ),
    (re.compile(rf"\({_NUM} (day|week|month|year)s?\b", re.I), "unit"),
    (re.compile(r"\b(?:mr|mrs|ms|miss)\.? ?[a-z]?\.?,? (\d{2,3})\b", re.I), "years"),
    (re.compile(r"\b(?:mr|mrs|ms|miss|mx)\.? [a-z]{1,12} \((\d{1,3})\)", re.I), "years"),
    (re.compile(r"\b[A-Z][a-z]{0,11},? \((\d{1,3})\)"), "years"),
    # an initial for a name: "R., 14", "D. was 13"
    (
        re.compile(r"\b[A-Z]\.,? (?:(?:was|is) )?(\d{1,2})\b(?![-/:.]\d)(?! (?:days?|weeks?|months?|years? ago|%))"),
        "years",
    ),
    (
        re.compile(
            r"\bin (?:his|her) (?:early |mid |late |mid-|late-|early-)?(twenties|thirties|forties|fifties|"
            r"sixties|seventies|eighties|nineties)\b",
            re.I,
        ),
        "decade",
    ),
    (
        re.compile(
            rf"\b(?:he|she|they|who) (?:was|is|were|are) {_NUM}\b(?! (?:days?|weeks?|months?|years? ago|times|calls|"
            r"hours|minutes|%))",
            re.I,
        ),
        "years",
    ),
)
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_CHILD_WORDS = re.compile(
    r"\b(newborn|new-born|neonate|baby|babies|infant|toddler|unborn|pre-?schooler|schoolboy|schoolgirl|"
    r"pupil|teenage (?:boy|girl)|young person|child|children's home|year \d{1,2}s?|y\d{1,2})\b",
    re.I,
)
_ADULT_WORDS = re.compile(
    r"\b(care[- ]home resident|nursing home|care home|elderly|older (?:man|woman|person|adult)|pensioner|"
    r"grandmother|grandfather|widow|widower|(?:his|her) wife|(?:her|his) husband|adult|mr|mrs|ms)\b",
    re.I,
)

# (fact, value, pattern). Earlier entries win for the same fact; negations are listed before positives
# only where a negation must override (otherwise a positive cue of suspicion wins: suspicion is enough).
_Rule = tuple[str, FactValue, re.Pattern[str]]


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Killed by a vehicle: an accident, not a homicide, unless the text says otherwise.
_VEHICLE = r"(?:a |an |the )?(?:car|van|lorry|bus|train|tram|vehicle|driver|motorist|motorbike|tractor|hgv)"

_DEATH = _r(
    r"\b(died|dies|death|dead|deceased|passed away|(?<!nearly )(?<!almost )killed|murdered|"
    r"fatal(?:ly)?|took (?:his|her|their) own life|(?<!attempted )(?<!attempt at )suicide(?! attempt)|"
    r"drowned|stillborn|pronounced(?: dead| life extinct)?|"
    r"no rosc|life extinct)\b"
)
_NOT_DEAD = _r(
    r"\b(did not die|didn't die|survived|attempted suicide|suicide attempt|tried to (?:kill|end)|"
    r"is alive|still alive|(?:she|he|they)'s alive|expected to survive|"
    r"out of danger|(?:would|could|might) (?:\w+ ){0,2}have (?:died|been killed)|(?:nearly|almost) (?:died|killed)|"
    r"could (?:so )?(?:easily )?have been (?:a death|fatal)|could have been fatal)\b"
)

# "I don't know whether she was on the register or looked after": both stay unknown.

# "I don't know whether she was on the register or looked after": both stay unknown.
_HEDGE_STATUS = _r(
    r"\b(?:don't|do not|didn't|did not|not|can't|cannot|can not) (?:yet )?(?:know|see|tell|sure|say|find)"
    r"(?: on (?:our|the) system)? (?:whether|if)[^.]{0,100}(?:register|cpr|cp plan|looked after|in care|social work)"
    r"|\b(?:haven't|have not|hasn't|couldn't|could not|not) (?:yet )?(?:been able to )?check(?:ed)? (?:the )?"
    r"(?:cpr|register|cp register)"
)

_RULES: tuple[_Rule, ...] = (
    # -- how the person died ---------------------------------------------------------------------
    (
        "death_type",
        "suicide",
        _r(
            r"\b((?<!attempted )(?<!attempt at )suicide(?! attempt)|took (?:his|her|their) own life|"
            r"killed (?:him|her|them)sel(?:f|ves)|"
            r"hanged (?:him|her)self|hanging(?! (?:around|out|about|round))|ligature)\b"
        ),
    ),
    (
        "death_type",
        "homicide",
        _r(
            r"\b(killed by(?! " + _VEHICLE + r")|murdered|murder|manslaughter|homicide|stabbed to death|"
            r"beaten to death|strangled|shot dead|unlawful killing|had killed (?:him|her|them)|"
            r"stab(?:bed)? wounds?[^.]{0,60}\b(?:dead|died|death)|"
            r"killed (?:him|her|them)\b(?!sel)|died after being (?:stabbed|attacked|assaulted|beaten|shot)|"
            r"(?:was|were) killed(?! in (?:a|an|the) (?:crash|collision|accident|fire|rtc|road)))"
        ),
    ),
    (
        "death_type",
        "sudi_unexplained",
        _r(
            r"\b(died suddenly|sudden(?:ly)? (?:and )?unexpected|cot death|sudi|"
            r"sids|unexplained death|found unresponsive)\b"
        ),
    ),
    (
        "death_type",
        "accident",
        _r(
            r"\b(accident(?:al|ally)?|drowned|road traffic|rtc|fell from|overdose|killed by " + _VEHICLE + r"|"
            r"(?:hit|struck|knocked down|run over) by " + _VEHICLE + r"|collision|crash)\b"
        ),
    ),
    ("death_type", "natural_expected", _r(r"\b(expected death|palliative|end of life|terminal(?:ly)? ill)\b")),
    # -- harm to a child or adult still alive ------------------------------------------------------
    (
        "serious_harm",
        True,
        _r(
            r"\b(fractur(?:e|es|ed)|broken (?:arm|leg|ribs?|bones?|skull)|skull|subdural|"
            r"ha?emorrhage|bleed(?:ing)? on the brain|brain injur|head injur|"
            r"life[- ]threatening|intensive care|picu|icu|coma|ventilat|"
            r"serious(?:ly)? (?:harm|injur|hurt|burn)|significant(?:ly)? harm|severe(?:ly)? "
            r"(?:injur|burn|malnourish)|permanent (?:harm|damage|impairment|disability)|"
            r"long[- ]term (?:harm|impairment|damage)|shaken|stab(?:bed)? wound|was stabbed|"
            r"scald(?:ed|s)?|burns|sexual(?:ly)? (?:abused|exploited|assaulted)|raped|rape|life[- ]changing|"
            r"sepsis|septic|could have died|would (?:\w+ ){0,2}have died|emergency surgery|lifelong|"
            r"lost (?:his|her|their) spleen|hdu\b|airlifted|lasting (?:effects|damage|harm)|sexual assault|"
            r"hypotherm|neurosurg|long[- ]lasting (?:effect|impact|harm|damage)|"
            r"(?:won't|will not|will never) walk again)"
        ),
    ),
    (
        "serious_harm",
        False,
        _r(
            r"\b(unharmed|not (?:been )?(?:seriously )?(?:hurt|harmed|injured)|"
            r"no (?:other )?(?:injur(?:y|ies)|harm|marks)|no (?:medical )?treatment (?:was )?(?:needed|required)|"
            r"(?:she|he|they|baby|child|the (?:boy|girl|baby|child))(?:'s|'re| is| was| are) "
            r"(?:absolutely |completely |physically |otherwise )?(?:fine|well|ok)\b|no harm (?:done|caused)"
            r"|had not swallowed|hadn't swallowed|minor (?:injur|bruis|scratch))"
        ),
    ),
    (
        "near_miss",
        True,
        _r(
            r"\b(near[- ]miss|narrowly|could have died|unharmed|had not swallowed|hadn't swallowed|"
            r"found (?:just )?in time|found alone|could (?:so )?(?:easily )?have been (?:a death|fatal)|"
            r"walking in the road|wandering|walking (?:along|on|down|beside) (?:the |a )?(?:road|verge|street|"
            r"dual carriageway|motorway|a\d{1,4}\b)|found (?:on|by|near) (?:the |a )?(?:road|roadside|verge))"
        ),
    ),
    (
        "at_risk_of_significant_harm",
        True,
        _r(
            r"\b(at risk of (?:significant |serious )?harm|near[- ]miss|could (?:so )?(?:easily )?have (?:died|been "
            r"(?:a death|fatal))|(?:not|hadn't|had not|wasn't) (?:been )?(?:fed|changed)|left (?:alone|unattended)|"
            r"(?:both )?unconscious|walking in the road|found alone)"
        ),
    ),
    # -- abuse or neglect --------------------------------------------------------------------------
    (
        "abuse_or_neglect",
        True,
        _r(
            r"\b(abus(?:e|ed|ive)|neglect(?:ed|ful)?|non[- ]accidental|nai\b|inflicted|"
            r"consistent with (?:abuse|assault|shaking)|shaken|assault(?:ed)?|violen(?:ce|t)|"
            r"coercive|exploit(?:ed|ation)|groom(?:ed|ing)|maltreat|cruelty|cce\b|cse\b|county lines|"
            r"cuckoo(?:ed|ing)?|trafficked|financial harm|withdrawing (?:her|his|their) (?:pension|money|benefits)|"
            r"left (?:him|her|them) alone|(?:wasn't|was not|weren't|were not) being followed|"
            r"(?:no|without an?) (?:plausible |clear |consistent |adequate )?explanation|"
            r"unexplained (?:injur|fracture|bruis|burn|bleed)|inconsistent (?:history|explanation|account)|"
            r"modern slavery|nrm (?:referral|positive)|reasonable grounds decision|"
            r"s42 (?:enquiry|underway|open|started)|section 42 enquiry|"
            r"untreated|starv(?:ed|ation)|malnourish|dehydrat|pressure (?:ulcer|sore)s?|"
            r"left alone|unsupervised|drinking heavily|heavily intoxicated|drunk|"
            r"under the influence|intoxicated|ignored|killed by(?! " + _VEHICLE + r")|murder|stabbed|strangled|"
            r"beaten|threats? to kill|self[- ]neglect|hoard(?:ing|er|ed)|squalor|financial(?:ly)? abus|"
            r"bank account[^.]{0,20}emptied|money (?:was )?(?:taken|stolen)|smack(?:ed|ing)|"
            r"(?:wasn't|weren't|was not|were not) (?:following|giving)|hadn't been giving|had not been giving|"
            r"missed or cut short|abusing|dragg(?:ed|ing)|rough(?:ly)? handl|slapped|punched|kicked|"
            r"\b(?:boyfriend|girlfriend|partner|father|dad|stepdad|mother|mum|stepmum|carer|husband|wife|brother|"
            r"sister|son|daughter|uncle|aunt|auntie|gran|grandad|he|she|they)(?: who)? (?:had |has |repeatedly )?"
            r"hit(?:s|ting)? (?:him|her|them|the (?:child|baby|boy|girl))\b|"
            r"smelt (?:strongly )?of alcohol|nappy rash|(?:not|hadn't|had not) (?:been )?fed|"
            r"killed (?:him|her|them)\b(?!sel)|"
            r"failed to (?:seek|get|escalate|act|respond|provide|feed)|"
            r"(?:did not|didn't) (?:escalate|seek medical)|not escalated|wilful neglect|cuckoo|"
            r"taking (?:his|her|their) (?:benefits|money|pension)|cashing [^.]{0,20}pension|fraud)"
        ),
    ),
    (
        "abuse_or_neglect",
        False,
        _r(
            r"\b(no (?:safeguarding |child protection |welfare )?concerns|"
            r"no (?:signs|evidence|indication) of (?:abuse|neglect)|no abuse|no neglect|"
            r"no marks|not known to (?:any )?(?:services|social care|children's social care)|"
            r"best[- ]interests? (?:process|decision|meeting)s? (?:was|were) (?:followed|held)|"
            r"good (?:care|practice))"
        ),
    ),
    (
        "self_neglect",
        True,
        _r(
            r"\b(self[- ]neglect|hoard(?:ing|er|ed)|squalor|not looking after (?:him|her|them)sel"
            r"|refus(?:ed|ing|al of) (?:care|help|support|services|treatment|carers))"
        ),
    ),
    # -- status flags ------------------------------------------------------------------------------
    (
        "care_leaver",
        True,
        _r(
            r"\b(care[- ]leaver|leaving care|left care|former(?:ly)? looked[- ]after|"
            r"personal adviser)"
        ),
    ),
    (
        "looked_after",
        False,
        _r(
            r"\b(never (?:been )?(?:on [^.]{0,60} or )?looked[- ]after|not looked[- ]after|"
            r"never (?:been )?in care)"
        ),
    ),
    ("looked_after", None, _HEDGE_STATUS),
    (
        "looked_after",
        False,
        _r(r"\blooked[- ]after[^.]{0,30}\buntil\b|\bin (?:foster )?care (?:from|until)\b|\bleft care\b"),
    ),
    (
        "looked_after",
        True,
        _r(
            r"\b(looked[- ]after|lac\b|cla\b|in (?:local authority )?care\b|foster(?:ed| care| carers?"
            r"| placement)|children's home|residential (?:home|placement|unit)|care order|"
            r"section 20|s20\b)"
        ),
    ),
    ("on_child_protection_register", None, _HEDGE_STATUS),
    (
        "on_child_protection_register",
        False,
        _r(
            r"\b((?:never|not) (?:been )?(?:on|subject to) (?:the |a |any )?(?:child protection register|"
            r"child protection plan|cp register|cp plan|cpr|register)|no (?:siblings? |other children )?"
            r"(?:were |was )?(?:ever )?on (?:the |a )?(?:register|cp plan|child protection plan)|"
            r"no (?:cpr|cp|child protection|cp register) (?:history|involvement|registration))"
        ),
    ),
    (
        "on_child_protection_register",
        True,
        _r(
            r"\b(child protection (?:plan|register)|cp plan|cpp\b|on the register|"
            r"subject to (?:a )?(?:child protection )?plan|cpr\b(?! was))"
        ),
    ),
    (
        "learning_disability",
        None,
        _r(
            r"\b(possible|possibly|suspected|may have|might have|query|queried|undiagnosed|not sure if (?:she|he|they) "
            r"(?:had|has|have)|unsure whether (?:she|he|they) (?:had|has)|"
            r"awaiting (?:an? )?(?:assessment|diagnosis) for) (?:an? )?(?:mild |moderate |"
            r"severe )?learning (?:disabilit|difficult)"
        ),
    ),
    ("learning_disability", False, _r(r"\bno (?:known )?learning disabilit")),
    (
        "learning_disability",
        True,
        _r(
            r"\b(learning disabilit|down'?s syndrome|\bld\b|learning disabled|"
            r"profound and multiple)"
        ),
    ),
    (
        "autistic_diagnosis",
        None,
        _r(
            r"\b(possible|possibly|suspected|query|queried|undiagnosed|awaiting (?:an? )?"
            r"(?:assessment|diagnosis)(?: for)?|may be|might be) (?:autis|asd)"
        ),
    ),
    ("autistic_diagnosis", True, _r(r"\b(autis(?:m|tic)|asd\b|asperger)")),
    (
        "domestic_abuse_history",
        False,
        _r(r"\bno (?:known |history of )?(?:domestic abuse|domestic violence|da\b|dv\b)"),
    ),
    (
        "domestic_abuse_history",
        True,
        _r(
            r"\b(domestic (?:abuse|violence)|\bda\b|\bdv\b|coercive|controlling "
            r"behaviou?r|economic abuse|marac|dash|threats?|stalk(?:ed|ing)|"
            r"harass(?:ed|ment)|non-molestation|clare's law|dvds)"
        ),
    ),
    (
        "good_practice_learning",
        True,
        _r(
            r"\b(good practice|worked well|effective (?:practice|multi-agency)|"
            r"positive learning|excellent (?:practice|work)|exemplary|brilliant(?:ly)?|went (?:really |very )?well)"
        ),
    ),
    # -- adults ------------------------------------------------------------------------------------
    (
        "adult_with_care_and_support_needs",
        False,
        _r(
            r"\bno (?:[\w-]+ (?:or|and|&|/) ){0,2}(?:care|support)(?: ?(?:and|or|&|/) ?(?:care|support))? needs|"
            r"lives independently|lived independe?a?ntly|fit and well|"
            r"never needed (?:any )?(?:care|support|help)(?: from (?:adult )?social (?:care|services))?"
        ),
    ),
    (
        "adult_with_care_and_support_needs",
        True,
        _r(
            r"\b(dementia|alzheimer|learning disabilit|down'?s syndrome|care[- ]home|nursing home|care package|"
            r"home care|domiciliary|carers? visit|frail|bed[- ]?bound|wheelchair|mobility|personal care|"
            r"care and support needs|supported (?:living|accommodation)|personal care|brain damage|"
            r"physical disabilit|sensory impairment|severe mental (?:illness|health)|"
            r"(?:alcohol|drug) dependen|self[- ]neglect|hoard|stroke|parkinson|brain injury)"
        ),
    ),
    (
        "concern_agencies_could_have_worked_better",
        None,
        _r(
            r"\b(?:can't|cannot|don't know|do not know|not sure|unclear|too early to say)(?: say)?(?: yet)? "
            r"(?:whether|if) (?:there (?:are|were|is|was) )?(?:any )?concerns? about how"
        ),
    ),
    (
        "concern_agencies_could_have_worked_better",
        False,
        _r(
            r"\b(worked well together|good multi-?agency|(?:were )?involved throughout|well coordinated|"
            r"exemplary|no (?:concerns|issues|problems) (?:about|with) (?:how )?(?:agencies|services|professionals)|"
            r"(?:it|this)(?:'s| is| was) (?:purely |just |only |simply )?(?:a |an )?(?:single[- ](?:agency|provider) "
            r"(?:problem|issue|failure|matter)|(?:the|one) (?:home|provider)(?:'s)? (?:problem|issue|failure))|"
            r"purely (?:the|a|one) (?:home|provider|agency)\b|(?:found )?no (?:care|practice) (?:issues|concerns)|"
            r"no (?:issue|concern|problem)s? (?:about|with) (?:how )?(?:the )?agencies (?:working|worked) together)"
        ),
    ),
    (
        "concern_agencies_could_have_worked_better",
        True,
        _r(
            r"\b(no one coordinat|nobody coordinat|not coordinated|didn't share|did not share|not shared|"
            r"failed to share|wasn't shared|was not shared|poor (?:communication|information sharing|joint working)|"
            r"(?:agencies|services|professionals) (?:did not|didn't) (?:work together|communicate|talk)|"
            r"concerns? about (?:how )?(?:agencies|services|professionals) (?:worked|work)|missed opportunit|"
            r"concerns? about how [^.]{0,40} worked together|(?:not|wasn't|none of it was) joined up|"
            r"(?:nobody|no one) (?:shared|told|passed|followed|ever assessed)|without telling|never reviewed|"
            r"bounced between|drifted|"
            r"fell through|slipped through|each had concerns|"
            r"(?:nobody|no one|none of them) (?:acted|escalated|followed up)|no multi-?agency|not passed on|"
            r"lack of (?:coordination|communication|information sharing)|never (?:passed on|shared)|"
            r"(?:was|were) never (?:told|informed)|(?:wasn't|weren't|was not|were not) (?:told|informed)|"
            r"nothing (?:was )?(?:actioned|done|came together)|not actioned|(?:raised|reported) concerns separately|"
            r"(?:was|were|wasn't|weren't) (?:not |never )?(?:followed up|acted (?:on|upon)|passed on)|"
            r"(?:not|never) (?:been )?(?:followed up|acted (?:on|upon))|closed at triage|no strategy meeting|"
            r"(?:nobody|no one) (?:ever )?(?:joined|linked|got everyone|had the (?:whole|full) picture|"
            r"put it together)|"
            r"never (?:a|any) multi-?agency|(?:handled|treated|dealt with) as separate|"
            r"(?:gp|school|police|housing|nursery|health visitor|hv|sw|social worker|agency|trust|hospital)"
            r"[^.]{0,50}(?:didn't|did not) know|(?:visits?|plan|support) (?:had )?lapsed|"
            r"(?:visits?|appointments?|reviews?) (?:were |was )?missed|"
            r"concerns? about how (?:the )?[\w ]{2,40}(?:responded|handled|shared|safeguarded)|"
            r"how info(?:rmation)? [^.]{0,60}was (?:handled|shared))"
        ),
    ),
    (
        "subject_to_asp_processes",
        True,
        _r(
            r"\b(adult support and protection|asp (?:inquiry|investigation|case "
            r"conference|process|plan)|asp\b)"
        ),
    ),
    ("la_protective_action_within_6_months", True, _r(r"\b(s126|section 126|adult protection plan|protection plan)")),
    (
        "child_caused_serious_harm",
        True,
        _r(
            r"\b(?:(?:he|she|they|the (?:boy|girl|child|young person)) (?:stabbed|attacked|assaulted|killed|"
            r"seriously injured|sexually assaulted)|(?:after|for) (?:stabbing|attacking|assaulting|killing|"
            r"seriously injuring)) (?:another|a|an|his|her|their)\b"
        ),
    ),
)

_RELATIONSHIPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "intimate_partner_former",
        _r(
            r"\b(ex[- ]?(?:partner|boyfriend|girlfriend|husband|wife)|former (?:partner|"
            r"boyfriend|girlfriend|husband|wife)|estranged (?:husband|wife|partner))\b"
        ),
    ),
    ("intimate_partner_current", _r(r"\b(partner|boyfriend|girlfriend|husband|wife|spouse|fianc[eé]e?)\b")),
    (
        "relative",
        _r(
            r"\b(son|daughter|father|mother|dad|mum|brother|sister|grandson|granddaughter|grandfather|"
            r"grandmother|nephew|niece|uncle|aunt|cousin|stepfather|stepmother|step-?son|step-?daughter|"
            r"relative|parent)\b"
        ),
    ),
    ("household_member", _r(r"\b(lodger|flatmate|flat-mate|housemate|house-mate|lived with (?:him|her|them))\b")),
    ("stranger", _r(r"\b(stranger|unknown (?:man|woman|male|female|person|assailant))\b")),
    (
        "other_known",
        _r(
            r"\b(neighbour|acquaintance|colleague|friend|carer|care worker|older (?:males|men|boys)|"
            r"males|men|gang|youths|dealers?|associates?)\b"
        ),
    ),
)
_PERPETRATOR = _r(
    r"\b(?:killed|murdered|stabbed|strangled|attacked|assaulted|beaten|shot|abused|harmed|hurt|neglect(?:ed)?|"
    r"exploited|groomed|"
    r"poisoned|smothered|pushed) (?:to death )?by\b([^.;]{0,60})"
)
_DANGER_NOW = _r(
    r"\b(still (?:at risk|living|at home|there)|other (?:children|residents|siblings)|siblings?|"
    r"remains? (?:at home|in the home)|tonight|right now|in danger|threaten(?:ed|ing) to)\b"
)
_RESIDENCE = _r(
    r"\b(?:(?:live|lives|lived|living)(?: with [\w' ]{1,30}?)?|resident|normally lives|normally resident|placed from|"
    r"from)\s+(?:in\s+)?$"
)


@dataclass(frozen=True)
class _Found:
    value: FactValue
    evidence: str


_NEGATIVE_CUE = re.compile(r"\b(nobody|no one|didn't|wasn't|weren't|failed|never|without)\b|n't\b", re.I)
_NEGATION = re.compile(
    r"\b(no|not|never|without|denies|denied|nil|negative for|ruled out|nor|none|"
    r"(?:was|were|is|are|has|have|had|did|does|do)n't)\b",
    re.I,
)


def _negated(text: str, start: int) -> bool:
    """A cue is negated when a negation word comes before it in the same clause ("no signs of neglect")."""
    window = text[max(0, start - 45) : start]
    cut = max(window.rfind(". "), window.rfind(";"), window.rfind("\n"), window.rfind(" but "), window.rfind(", "))
    return bool(_NEGATION.search(window[cut + 1 :] if cut >= 0 else window))


_SIBLING = re.compile(r"\b(brother|sister|sibling|half-brother|half-sister|stepbrother|stepsister)s?\b", re.I)


def _about_sibling(text: str, start: int) -> bool:
    window = text[max(0, start - 50) : start]
    cut = max(window.rfind(". "), window.rfind(";"))
    return bool(_SIBLING.search(window[cut + 1 :] if cut >= 0 else window))


def _affirmed(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches not negated; a cue that is itself negative ("nobody shared") is never re-negated."""
    return (
        m
        for m in pattern.finditer(text)
        if _NEGATION.search(m.group(0)) or _NEGATIVE_CUE.search(m.group(0)) or not _negated(text, m.start())
    )


def _first_affirmed(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next(_affirmed(pattern, text), None)


_RELATIVE = (
    r"(?:father|dad|mother|mum|mom|parent|grandmother|grandfather|grandparent|gran|granny|nan|grandad|brother|"
    r"sister|sibling|twin|uncle|aunt|auntie|cousin|husband|wife|boyfriend|girlfriend|friend|carer|son|daughter)"
)
_RELATIVE_BEFORE = re.compile(_RELATIVE + r"(?:'s)?(?: (?:had|has|have|was|is|sadly|recently|suddenly))? ?$", re.I)
_RELATIVE_AFTER = re.compile(r"^ (?:(?:his|her|their|the) )?" + _RELATIVE + r"\b", re.I)


def _about_relative(text: str, match: re.Match[str]) -> bool:
    """A death word about someone else: "whose father died", "mum passed away", "her deceased gran"."""
    if match.group(0).lower() not in {"died", "dies", "death", "dead", "deceased", "passed away"}:
        return False  # "killed", "murdered", "took her own life": about the subject as written
    before = text[max(0, match.start() - 30) : match.start()]
    return bool(_RELATIVE_BEFORE.search(before) or _RELATIVE_AFTER.search(text[match.end() : match.end() + 30]))


def _evidence(text: str, match: re.Match[str]) -> str:
    return match.group(0).strip()


def extract_age(text: str) -> tuple[int | None, str]:
    """Age in whole years of the first person the text gives an age for (the subject, as written)."""
    found: list[tuple[int, int, str]] = []
    for pattern, kind in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            raw = m.group(1).lower()
            if kind == "decade":
                years = _DECADES[raw]
            elif kind == "weeks":
                years = 0  # "9/52" (weeks) and "7/12" (months) are clinical shorthand for babies
            else:
                number = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
                unit = m.group(2).lower() if kind == "unit" else "year"
                years = number if unit == "year" else 0
            found.append((m.start(), years, m.group(0)))
    if not found:
        return None, ""
    _, years, words = min(found)
    return years, words


_POSSESSIVE_RELATION = _r(
    r"\b(?:her|his|their|the victim's) (?:own )?(?:\w+ )?(ex[- ]?(?:partner|boyfriend|"
    r"girlfriend|husband|wife)|partner|boyfriend|girlfriend|husband|wife|son|daughter|father|"
    r"mother|brother|sister|grandson|granddaughter|nephew|uncle|stepfather|lodger|flatmate)\b"
)


_UNRELATED_GROUP = _r(r"\b(?:two|three|four|several|a group of|older) (?:older )?(?:males|men|youths|teenagers|boys)\b")


def _relationship(text: str, homicide: bool) -> _Found | None:
    found = _relationship_by(text)
    if (found is None or found.value == "unknown") and homicide:
        # "She was stabbed at her boyfriend's flat ... he has been charged": the person named by a possessive.
        match = _POSSESSIVE_RELATION.search(text)
        if match:
            for name, pattern in _RELATIONSHIPS:
                if pattern.search(match.group(1)):
                    return _Found(name, match.group(0))
        group = _UNRELATED_GROUP.search(text)
        if group:
            return _Found("other_known", group.group(0))
    return found


def _relationship_by(text: str) -> _Found | None:
    for match in _PERPETRATOR.finditer(text):
        after = match.group(1)
        for name, pattern in _RELATIONSHIPS:
            rel = pattern.search(after)
            if rel:
                return _Found(name, match.group(0).strip())
        return _Found("unknown", match.group(0).strip())
    return None


def _nation(text: str) -> tuple[_Found | None, _Found | None]:
    """Where it happened, and where the person normally lives when the text says so."""
    incident: _Found | None = None
    residence: _Found | None = None
    others: list[_Found] = []
    for place, nation, offset in places_in(text):
        before = text[max(0, offset - 40) : offset]
        if _RESIDENCE.search(before):
            residence = residence or _Found(nation, f"{before.split()[-1] if before.split() else ''} {place}".strip())
        else:
            others.append(_Found(nation, place))
    # A place in another nation than the home address is where it happened ("lives in Leeds ... near Oban").
    away = [f for f in others if residence is not None and f.value != residence.value]
    incident = away[0] if away else (others[0] if others else residence)
    return incident, residence


def extract_facts(text: str) -> dict[str, Fact]:
    """Every fact the text states, with its evidence. Unmentioned facts are absent from the result."""
    facts: dict[str, Fact] = {}

    def put(name: str, value: FactValue, evidence: str, origin: str = "text") -> None:
        if name not in facts:
            facts[name] = Fact(name, value, origin, evidence)  # type: ignore[arg-type]

    age, age_words = extract_age(text)
    if age is not None:
        put("subject_age", age, age_words)
        put("is_child", age < 18, age_words)
    else:
        child = _CHILD_WORDS.search(text)
        adult = _ADULT_WORDS.search(text)
        if child and (not adult or child.start() < adult.start()):
            put("is_child", True, child.group(0))
        elif adult:
            put("is_child", False, adult.group(0))

    not_dead = _NOT_DEAD.search(text)
    dead = next((m for m in _affirmed(_DEATH, text) if not _about_relative(text, m)), None)
    if not_dead:
        put("died", False, not_dead.group(0))
    elif dead:
        put("died", True, dead.group(0))

    for name, value, pattern in _RULES:
        if name in facts:
            continue
        match = _first_affirmed(pattern, text) if value is True else pattern.search(text)
        if match and name == "looked_after" and value is True and _about_sibling(text, match.start()):
            put("sibling_looked_after", True, _evidence(text, match))
            match = next(
                (
                    m
                    for m in pattern.finditer(text, match.end())
                    if not _about_sibling(text, m.start()) and not _negated(text, m.start())
                ),
                None,
            )
        if match:
            put(name, value, _evidence(text, match))

    death = facts.get("death_type")
    relationship = _relationship(text, death is not None and death.value == "homicide")
    if relationship is not None:
        put("relationship_to_perpetrator", relationship.value, relationship.evidence)
    incident, residence = _nation(text)
    if incident is not None:
        put("nation", incident.value, incident.evidence)
    if residence is not None:
        put("normally_resident_nation", residence.value, residence.evidence)
    danger = _DANGER_NOW.search(text)
    if danger:
        put("others_may_be_at_risk", True, danger.group(0))
    return facts
