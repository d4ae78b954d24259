"""Evidence rules as versioned data (``factcheck.evidence.v1``).

Each rule family is one small function: patterns in spaCy's Matcher syntax, each starting with a
trigger word (run by ``factcheck.nlp.trigger_matcher``), the evidence kind it signals and whether
the mention grows into its noun phrase ("a 2009 memo from the interior ministry"). Options per rule:
``speaker_only`` (counts only where it names who speaks), ``speaker_dependent`` (named after the
speaker), ``trim_last``, ``not_followed_by``, ``not_after``, ``after_propn``. Add a ``v2`` rather
than editing ``v1`` once ids built with it are stored.
"""

from __future__ import annotations

from typing import Any

from spacy.util import registry

Rule = dict[str, Any]


def _rule(kind: str, pattern: list[dict[str, Any]], *, expand: bool = True, **extra: Any) -> Rule:
    return {"kind": kind, "pattern": pattern, "expand": expand, **extra}


def _words(*words: str) -> dict[str, Any]:
    """A token whose lower-case form is one of ``words`` (each argument may hold several)."""
    return {"LOWER": {"IN": [w for group in words for w in group.split()]}}


_LEAK_ADJ = ("leaked", "internal", "confidential", "classified", "secret", "stolen", "hacked")
_DOC_NOUNS = (
    "document", "documents", "email", "emails", "e-mail", "e-mails", "report", "reports",
    "letter", "letters", "files", "papers", "minutes", "briefing", "dossier", "records",
    "correspondence", "messages", "recording", "recordings", "memo", "memos", "presentation",
    "assessment", "audit", "notes", "transcript", "transcripts",
)  # fmt: skip
_OBTAINED = ("obtained", "seen", "reviewed", "leaked", "shared", "provided", "passed", "viewed")


def _leaked_document() -> list[Rule]:
    """ "a 2009 memo from the interior ministry", "diplomatic cables", "leaked emails",
    "documents obtained by this newspaper", "the leak"."""
    return [
        _rule("leaked_document", [_words("memo memos memorandum memoranda")]),
        _rule(
            "leaked_document",
            [_words("cable cables")],
            not_followed_by=_words(
                "news network networks tv television channel channels car cars operator operators "
                "provider providers company companies box subscribers"
            )["LOWER"]["IN"],
        ),
        _rule(
            "leaked_document",
            [
                _words(*_LEAK_ADJ),
                {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "*"},
                _words(*_DOC_NOUNS),
            ],
        ),
        _rule("leaked_document", [_words(*_DOC_NOUNS), _words(*_OBTAINED), _words("by to with")]),
        _rule("leaked_document", [_words("wikileaks")]),
        _rule(
            "leaked_document",
            [
                _words("obtained acquired leaked intercepted"),
                {"POS": "DET", "OP": "?"},
                {"POS": {"IN": ["NUM", "ADJ", "NOUN", "PROPN"]}, "OP": "*"},
                _words(*_DOC_NOUNS),
            ],
        ),
        _rule("leaked_document", [_words("leak leaks"), _words("of")], trim_last=True),
    ]


def _testimony() -> list[Rule]:
    """ "a detainee", "former prisoners", "eyewitnesses", "a detained militant", "testimony of".

    People-words count only where they name who speaks (the attribution clause), not as a topic.
    """
    people = ("detainee", "detainees", "prisoner", "prisoners", "eyewitness", "eyewitnesses",
              "witness", "witnesses", "survivor", "survivors", "inmate", "inmates", "captive",
              "captives", "hostage", "hostages", "defector", "defectors")  # fmt: skip
    held = ("detained", "captured", "imprisoned", "jailed", "arrested", "interned")
    return [
        # not an expert or character witness: a role in court, not someone telling what happened
        _rule("testimony", [_words(*people)], speaker_only=True, not_after=["expert", "character"]),
        _rule("testimony", [_words(*held), {"POS": {"IN": ["NOUN", "ADJ"]}}], speaker_only=True),
        _rule("testimony", [_words("testimony testimonies")]),
        _rule(
            "testimony",
            [_words("account accounts"), _words("of from by given")],
            trim_last=True,
            not_after=["on"],
        ),
    ]


def _interview() -> list[Rule]:
    """ "told us", "told this newspaper", "in an interview with", "speaking to our reporter"."""
    us = _words("us me")
    ours = _words("this our")
    newsroom = _words("newspaper paper website site magazine reporter reporters correspondent correspondents publication outlet programme program")  # fmt: skip
    speak = _words("told tells telling tell speaking spoke talking talked")
    return [
        _rule("interview", [speak, _words("to with"), us], expand=False, speaker_dependent=True),
        _rule("interview", [speak, us], expand=False, speaker_dependent=True),
        _rule(
            "interview",
            [speak, _words("to with"), ours, newsroom],
            expand=False,
            speaker_dependent=True,
        ),
        _rule("interview", [speak, ours, newsroom], expand=False, speaker_dependent=True),
        _rule("interview", [_words("interview interviews")], speaker_dependent=True),
        _rule(
            "interview",
            [
                _words("interviewed"),
                {"LOWER": {"IN": ["separately", "exclusively"]}, "OP": "?"},
                _words("by"),
                ours,
                newsroom,
            ],
            expand=False,
            speaker_dependent=True,
        ),
        _rule(
            "interview", [_words("interviewed"), _words("by")], expand=False, speaker_dependent=True
        ),
    ]


def _statement() -> list[Rule]:
    """ "a statement", "a press release", "a spokesperson", "a communique"."""
    return [
        _rule(
            "statement",
            [_words("statement statements communique communiqué submission submissions")],
            speaker_dependent=True,
        ),
        _rule(
            "statement",
            [_words("press news"), _words("release releases conference briefing")],
            speaker_dependent=True,
        ),
        _rule(
            "statement",
            [_words("spokesperson spokesman spokeswoman spokespeople")],
            speaker_only=True,
            speaker_dependent=True,
        ),
    ]


def _media_report() -> list[Rule]:
    """ "Reuters reported", "according to the BBC", "a report in the Daily Courier", "local media"."""
    return [
        _rule(
            "media_report",
            [
                _words("media press news"),
                _words("report reports reporting accounts"),
            ],
        ),
        _rule(
            "media_report",
            [
                _words("local state national independent foreign western"),
                _words("media press television tv radio"),
            ],
        ),
        _rule(
            "media_report",
            [
                _words("report reports article story investigation"),
                _words("in by"),
                {"POS": "DET", "OP": "?"},
                {"POS": "PROPN", "OP": "+"},
            ],
        ),
        _rule(
            "media_report",
            [_words("news"), _words("agency outlet site website channel")],
        ),
        _rule(
            "media_report",
            [
                _words("newspaper daily weekly broadcaster tabloid magazine"),
                {"POS": "PROPN", "OP": "+"},
            ],
        ),
    ]


# Last words of newspaper and broadcaster names ("the Coastal Ledger", "the Valley Herald").
_MASTHEADS = (
    "Ledger", "Times", "Post", "Herald", "Gazette", "Journal", "Tribune", "Chronicle", "Courier",
    "Guardian", "Telegraph", "Express", "Mirror", "Independent", "Daily", "Weekly", "News",
    "Mail", "Inquirer", "Examiner", "Dispatch", "Sentinel", "Courant", "Clarion", "Messenger",
    "Gazeta", "Zeitung", "Radio", "TV",
)  # fmt: skip
# Words that make a title-case name an institution, not a masthead ("Human Rights News Service").
_NOT_MASTHEAD = (
    "Rights", "Ministry", "Agency", "Council", "Commission", "Court", "Office", "Department",
    "Authority", "Bureau", "Institute", "University", "Committee", "Party", "Union", "Service",
)  # fmt: skip


def _mastheads() -> list[Rule]:
    """ "told the Valley Herald": an interview given to a publication named by its masthead.

    The masthead names themselves ("the Coastal Ledger") are found by a token loop in the
    component, from the ``mastheads`` and ``not_mastheads`` lists of the rules.
    """
    speak = _words("told tells tell telling speaking spoke talking talked")
    name: list[dict[str, Any]] = [
        {"IS_TITLE": True, "ORTH": {"NOT_IN": list(_NOT_MASTHEAD)}, "OP": "*"},
        {"ORTH": {"IN": list(_MASTHEADS)}},
    ]
    return [
        _rule(
            "interview",
            [speak, _words("to with the"), *name],
            expand=False,
            speaker_dependent=True,
        ),
        _rule(
            "interview",
            [speak, _words("to with"), _words("the"), *name],
            expand=False,
            speaker_dependent=True,
        ),
    ]


def _self_citation() -> list[Rule]:
    """ "as this newspaper reported", "our correspondent", "we reported last week", "(previously
    reported here)", "our earlier investigation"."""
    this = _words("this")
    return [
        _rule(
            "self_citation",
            [
                this,
                _words("newspaper paper website site magazine publication outlet newsroom"),
            ],
        ),
        _rule(
            "self_citation",
            [
                _words("our"),
                {"POS": "ADJ", "OP": "*"},
                _words(
                    "correspondent correspondents reporter reporters reporting investigation colleague colleagues report reports coverage editor analysis story"
                ),
            ],
        ),
        _rule(
            "self_citation",
            [
                _words("we"),
                _words("have had previously first already"),
                {"OP": "?", "LOWER": {"IN": ["previously", "already", "first"]}},
                _words("reported revealed wrote disclosed documented"),
            ],
            expand=False,
        ),
        _rule(
            "self_citation",
            [_words("we"), _words("reported revealed wrote disclosed documented")],
            expand=False,
        ),
        _rule(
            "self_citation",
            [
                _words("previously first as"),
                _words("reported revealed covered"),
                _words("here"),
            ],
            expand=False,
        ),
        _rule(
            "self_citation",
            [_words("reported revealed covered"), _words("here")],
            expand=False,
        ),
    ]


def _video_image() -> list[Rule]:
    """ "video footage", "a video posted online", "satellite images", "photographs of the camp"."""
    return [
        _rule(
            "video",
            [_words("video videos footage clip clips livestream bodycam dashcam")],
        ),
        _rule(
            "image",
            [
                _words(
                    "photo photos photograph photographs image images imagery picture pictures screenshot screenshots"
                )
            ],
        ),
    ]


def _social_media() -> list[Rule]:
    """ "a tweet", "he tweeted", "a Facebook post", "a Telegram channel run by the militia"."""
    return [
        _rule("social_media", [_words("tweet tweets tweeted retweeted retweet")]),
        _rule("social_media", [_words("social"), _words("media network networks")]),
        _rule("social_media", [{"LOWER": {"IN": ["on", "via"]}}, {"ORTH": "X"}], expand=False),
    ]


def _dataset() -> list[Rule]:
    """ "data from the statistics office", "official figures", "a survey by", "the 2020 census"."""
    numbers = _words("data figures statistics numbers estimates")
    return [
        _rule(
            "dataset",
            [
                _words(
                    "dataset datasets database databases census survey surveys poll polls spreadsheet spreadsheets"
                )
            ],
        ),
        _rule("dataset", [_words("data"), _words("set sets")]),
        _rule(
            "dataset",
            [
                _words("official government police ministry census published public"),
                numbers,
            ],
        ),
        _rule(
            "dataset",
            [numbers, _words("from published released compiled collected gathered")],
        ),
        _rule("dataset", [numbers], after_propn=True),
    ]


def _court_record() -> list[Rule]:
    """ "court filings", "the indictment", "a ruling by the high court", "court documents"."""
    return [
        _rule(
            "court_record",
            [
                _words("court legal judicial"),
                {"TAG": "POS", "OP": "?"},
                _words(
                    "filing filings documents records papers ruling rulings transcript transcripts judgment judgement order decision submission submissions"
                ),
            ],
        ),
        _rule(
            "court_record",
            [
                _words(
                    "indictment indictments affidavit lawsuit lawsuits judgment judgement verdict deposition subpoena filings"
                )
            ],
        ),
        _rule(
            "court_record",
            [
                _words("ruling rulings"),
                {
                    "LOWER": {
                        "NOT_IN": [
                            "party",
                            "coalition",
                            "elite",
                            "elites",
                            "class",
                            "bloc",
                            "government",
                            "family",
                            "council",
                            "junta",
                        ]
                    }
                },
            ],
            trim_last=True,
        ),
        _rule("court_record", [_words("charge"), _words("sheet sheets")]),
    ]


def _outlets() -> list[str]:
    """News organisations whose name alone signals a media report (matched case-sensitively)."""
    return [
        "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "BBC", "CNN",
        "Al Jazeera", "The Guardian", "Guardian", "The New York Times", "New York Times",
        "The Washington Post", "Washington Post", "The Wall Street Journal", "Wall Street Journal",
        "Financial Times", "Bloomberg", "Der Spiegel", "Spiegel", "Le Monde", "El País",
        "The Economist", "Politico", "NPR", "Fox News", "Sky News", "Deutsche Welle", "DW",
        "TASS", "RIA Novosti", "Interfax", "Xinhua", "Kommersant", "Haaretz", "The Times",
        "The Independent", "The Telegraph", "Daily Telegraph", "Die Zeit", "Frankfurter Allgemeine",
        "Süddeutsche Zeitung", "NBC News", "CBS News", "ABC News", "Axios", "The Atlantic",
        "ProPublica", "Bellingcat", "Meduza", "Novaya Gazeta", "Kyiv Independent", "Dawn",
        "The Hindu", "Yonhap", "Kyodo", "Anadolu", "EFE", "ANSA", "dpa", "Euronews", "France 24",
        "Radio Free Europe", "RFE/RL", "Voice of America", "The Intercept", "Mediapart",
    ]  # fmt: skip


def _platforms() -> list[str]:
    """Social networks whose name signals social-media evidence (matched case-sensitively)."""
    return [
        "Twitter", "Facebook", "Telegram", "Instagram", "TikTok", "YouTube", "VKontakte", "VK",
        "WhatsApp", "Weibo", "WeChat", "Reddit", "Threads", "Bluesky", "LinkedIn", "Truth Social",
        "Snapchat", "Rumble", "Odnoklassniki", "Mastodon",
    ]  # fmt: skip


def _languages() -> list[str]:
    """Languages named in a link marker such as "[German]" or "(in Russian)"."""
    return [
        "German", "Russian", "Arabic", "French", "Spanish", "Ukrainian", "Turkish", "Persian",
        "Farsi", "Chinese", "Mandarin", "Italian", "Polish", "Portuguese", "Dutch", "Swedish",
        "Norwegian", "Danish", "Finnish", "Greek", "Hebrew", "Hungarian", "Czech", "Slovak",
        "Romanian", "Bulgarian", "Serbian", "Croatian", "Japanese", "Korean", "Hindi", "Urdu",
        "Pashto", "Dari", "Kurdish", "Georgian", "Armenian", "Azerbaijani", "Belarusian",
        "Kazakh", "Uzbek", "Vietnamese", "Thai", "Indonesian", "Malay", "Swahili", "Amharic",
    ]  # fmt: skip


def _prepositions() -> dict[str, list[str]]:
    """Prepositions that carry a mention's source into its noun phrase, per kind."""
    return {
        "leaked_document": ["from", "by", "to", "of"],
        "testimony": ["of", "from", "by"],
        "interview": ["with"],
        "statement": ["from", "by", "of", "for"],
        "media_report": ["in", "by", "from"],
        "self_citation": [],
        "video": ["from", "by", "of", "on"],
        "image": ["from", "by", "of", "on"],
        "social_media": ["on", "by", "from", "of"],
        "dataset": ["from", "by", "of", "on"],
        "court_record": ["in", "by", "from", "of", "against"],
    }


def _generic_words() -> list[str]:
    """Words that never make a source distinctive: its id is then scoped to the article."""
    return [
        "leaked", "internal", "confidential", "classified", "secret", "stolen", "hacked", "new",
        "recent", "latest", "earlier", "previous", "former", "several", "many", "some", "other",
        "same", "official", "local", "state", "national", "press", "news", "media", "social",
        "court", "legal", "judicial", "government", "public", "published", "such", "own", "first",
        "last", "next", "one", "two", "three", "few", "various", "numerous", "further", "more",
        "detained", "captured", "imprisoned", "jailed", "arrested", "interned", "anonymous",
        "unnamed", "senior", "diplomatic", "video", "footage", "report", "reports", "document",
        "documents", "statement", "data", "figures", "interview", "testimony", "post", "image",
        "images", "photo", "photos", "photograph", "photographs", "picture", "pictures", "imagery",
        "videos", "clip", "clips", "statements", "interviews", "posts", "datum", "second", "third",
        "another", "fourth", "fifth", "older", "younger", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "today", "yesterday", "week", "month", "year",
    ]  # fmt: skip


@registry.misc("factcheck.evidence.v1")
def evidence_rules_v1() -> dict[str, Any]:
    """The first evidence rules: trigger patterns per kind, outlet/platform/language lists,
    prepositions that extend a mention, generic words, and the priority among overlapping kinds."""
    rules: list[Rule] = []
    families = (
        _mastheads, _leaked_document, _testimony, _interview, _statement, _media_report,
        _self_citation, _video_image, _social_media, _dataset, _court_record,
    )  # fmt: skip
    for family in families:
        rules.extend(family())
    return {
        "version": 1,
        "rules": rules,
        "outlets": _outlets(),
        "mastheads": list(_MASTHEADS),
        "not_mastheads": list(_NOT_MASTHEAD),
        "platforms": _platforms(),
        "languages": _languages(),
        "prepositions": _prepositions(),
        "generic": _generic_words(),
        "priority": [
            "interview",
            "court_record",
            "leaked_document",
            "self_citation",
            "media_report",
            "statement",
            "dataset",
            "testimony",
            "social_media",
            "video",
            "image",
            "foreign_language_source",
            "link",
        ],  # fmt: skip
        "max_words": 6,
        # a mention outside the claim's content must lie this close (in characters) to the
        # content, cue or speaker; the sentence introducing a block quote is exempt
        "max_gap": 30,
    }
