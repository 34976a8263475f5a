"""What kind of answer a question asks for: passages, a list or count of papers, a catalog fact or superlative, the
summary of one paper, or a comparison of papers. Read from the question's form, never from its topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperchat.assistant.question.holdings import asks_what_is_held
from paperchat.assistant.question.plan import CatalogField, Kind, Sort

PAPERS = r"(?:papers|entries|works|studies|articles|publications|preprints)"
PAPER = r"(?:paper|entry|work|study|article|publication|preprint|survey|report|method|system|model|approach)"
# "How many entries …" counts papers, "how many codebook entries" counts what a paper describes.
COUNT = re.compile(
    rf"^\W*(?:and |so )?how many\b(?:(?:\W+[\w'’-]+){{0,6}}?\W+(?!entries){PAPERS}"
    rf"|\W+(?:(?:catalog|library|index) )?entries)\b",
    re.I,
)
LIST = re.compile(
    rf"^\W*(?:and |so |then |now )?(?:which|what|list|show|name|give|enumerate|find|are there|do you have|have you got"
    rf"|(?:does|do) (?:the |this |your |our )?(?:collection|library|index|catalog(?:ue)?|corpus) (?:\w+ )?have)\b"
    rf"(?:\W+[\w'’-]+){{0,6}}?\W+{PAPERS}\b",
    re.I,
)
# "Which of these …", "which ones …": a list of the papers pointed at.
LIST_OF_THOSE = re.compile(r"^\W*(?:and )?(?:which|what) (?:ones\b|of (?:these|those|them|the above)\b)", re.I)
# A question that is only a noun phrase naming papers: "Yufeng Yang's papers in robotics", "papers by X on Y".
LIST_NOUN = re.compile(
    rf"^\W*(?:(?:all|the|recent|new|\d{{4}})\s+)*(?:[\w.-]+\s+){{0,3}}?[\w.-]+(?:'s|’s)\s+(?:[\w-]+\s+)?{PAPERS}\b"
    rf"|^\W*(?:(?:all|the|recent|new|\d{{4}}|[\w-]+)\s+)?{PAPERS} (?:by|on|about|from|in|with|that|which|published"
    r"|[a-z]+ing)\b"  # "papers using gaussian splatting?"
    # a bare noun phrase: "test-time training papers?", "any SLAM papers in the pile?"
    rf"|^\W*(?:any|some|more|other)?\s*(?:[\w.-]+\s+){{1,5}}{PAPERS}(?:\s+(?:in|on|from|here)\b[^?]{{0,30}})?\W*$",
    re.I,
)
ONE_PAPER = re.compile(rf"^\W*(?:and )?(?:which|what)\s+(?:one\b|{PAPER}\b|of\b)", re.I)
LIST_ALL = re.compile(
    rf"\ball (?:of )?(?:the |your |my )?(?:indexed )?{PAPERS}|\bevery (?:paper|entry)\b"
    r"|\b(?:whole|entire|full) (?:collection|library|catalog(?:ue)?)\b",
    re.I,
)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
COUNT_ASKED = re.compile(
    rf"\b(?:which|what|the|name|list|these|those|'s|’s)\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1, 2})\s+"
    rf"(?:[\w-]+\s+){{0,4}}?{PAPERS}\b",
    re.I,
)
LISTED = r"(?:papers?|entry|entries|works?|publications?|preprints?|stud(?:y|ies)|articles?|ones?|additions?)"
DATED = r"(?:uploaded|posted|published|added|released|listed|submitted)"


def _by_date(superlative: str, comparative: str, in_time: str) -> re.Pattern:
    """A date superlative about papers ("the oldest entry", "which paper is the most recent", "posted most
    recently", "newest of those"), not about a topic ("the latest methods for KV caches"); or a comparative that
    compares papers ("which of them is newer", "the more recent one", "which came out first")."""
    return re.compile(
        rf"\b(?:{superlative})\s+(?:[\w'’-]+\s+){{0,2}}?{LISTED}\b"
        rf"|\b(?:is|are|was|were) (?:the )?(?:{superlative})(?: ones?)?\s*(?:[?.!,]|$|(?:on|in|from|of|by|among)\b)"
        rf"|\b(?:the )?(?:{superlative})\s*(?:[?.!]|$)|\b(?:{superlative})\s+(?:of|among)\s+(?:them|those|these|the)\b"
        rf"|\b{DATED} (?:{superlative})(?:ly)?\b|\b(?:{superlative})(?:ly)? {DATED}\b"
        rf"|\b(?:is|are|was|were|the) (?:{comparative})\b|\b(?:{comparative})(?: one| paper|\s*[?.!]|$)"
        rf"|\b(?:{comparative})\s+(?:of|among)\s+(?:them|those|these|the|both)\b"
        rf"|\b(?:{DATED}|came out|appeared|published) (?:{comparative}|{in_time})\b",
        re.I,
    )


SORTS: list[tuple[re.Pattern, Sort]] = [
    (_by_date(r"oldest|earliest|least recent|first[- ]published", r"older|less recent", r"earlier|first"), "oldest"),
    (_by_date(r"most recent|newest|latest", r"newer|more recent|more recently", r"later|last"), "newest"),
    (
        re.compile(
            r"\b(?:most|more|largest (?:number|count) of|highest (?:number|count) of|greatest number of"
            r"|longest list of) (?:listed )?(?:co-?)?authors\b|\b(?:longest|longer|biggest|bigger) author list\b"
            r"|\b(?:biggest|bigger|largest|larger) (?:author )?team\b",
            re.I,
        ),
        "most_authors",
    ),
    (
        re.compile(
            r"\b(?:fewest|fewer|smallest number of|least number of|shortest list of) (?:co-?)?authors\b"
            r"|\b(?:smallest|smaller) (?:author )?team\b|\b(?:shortest|shorter) author list\b",
            re.I,
        ),
        "fewest_authors",
    ),
    (
        re.compile(
            r"\b(?:most|more)[- ]upvoted\b|\b(?:most|more|highest|higher|largest number of|greatest number of) "
            r"(?:up)?votes\b|\b(?:most|more) popular\b",
            re.I,
        ),
        "most_upvoted",
    ),
    (
        re.compile(r"\b(?:fewest|fewer|least|lowest (?:number of )?|lower) ?(?:up)?votes\b|\bleast[- ]upvoted\b", re.I),
        "least_upvoted",
    ),
]
SORT_FIELD: dict[Sort, CatalogField] = {
    "oldest": "date",
    "newest": "date",
    "most_authors": "authors_count",
    "fewest_authors": "authors_count",
    "most_upvoted": "upvotes",
    "least_upvoted": "upvotes",
}
FIELDS: list[tuple[re.Pattern, CatalogField]] = [
    (
        re.compile(r"\bhow many (?:listed |named )?(?:co-?)?authors\b|\bnumber of (?:co-?)?authors\b", re.I),
        "authors_count",
    ),
    (re.compile(r"\bhow many upvotes\b|\bupvote count\b|\bnumber of upvotes\b", re.I), "upvotes"),
    (
        re.compile(
            r"\bwho(?:'s| is| was| are| were)? (?:the )?(?:first|lead|leading|main|primary) authors?\b"
            r"|\b(?:name|who is) the (?:first|lead) author\b|\bwho (?:leads|heads|tops) the author list\b",
            re.I,
        ),
        "first_author",
    ),
    (
        re.compile(
            r"\bwho (?:wrote|authored|co-?authored|co-?wrote|are the (?:co-?)?authors|were the (?:co-?)?authors"
            r"|is behind|are behind)\b|\bwhose names?\b|\bwho are (?:its|their) authors\b"
            r"|\b(?:list|name) (?:the |its )?authors\b"
            r"|\bwho(?:'s| is| was)? (?:the )?(?:last|senior|corresponding|final) author\b",
            re.I,
        ),
        "authors",
    ),
    (
        # "Who is it from?", "who made it": the people and the organisation behind a paper.
        re.compile(
            r"\bwho(?:'s| is| are| was| were)? (?:it|they|this|that|these|those|the (?:paper|work|study)) (?:from|by)\b"
            r"|\bwho (?:made|released|published|did|built|developed) (?:it|them|this|that|the (?:paper|work|model))\b"
            r"|\bby whom\b|\bfrom whom\b",
            re.I,
        ),
        "authors",
    ),
    (
        re.compile(
            r"\bwhen (?:was|were|did|is)\b.*\b(?:published|posted|released|appear|listed|submitted|come out)"
            r"|\bwhat (?:date|year)\b|\bpublication date\b|\bwhen it was (?:published|posted)\b",
            re.I,
        ),
        "date",
    ),
    (
        re.compile(
            r"\b(?:which|what) (?:organi[sz]ation|company|lab|laboratory|institution|group|team)\b"
            r"|\borgani[sz]ation (?:is|was) (?:it|\w+) (?:listed|posted)\b",
            re.I,
        ),
        "org",
    ),
    (
        re.compile(
            r"\b(?:which|what) (?:arxiv )?(?:category|categories|subject area)\b"
            r"|\b(?:arxiv )?(?:category|subject area) (?:of|for)\b",
            re.I,
        ),
        "category",
    ),
    (
        re.compile(
            r"\bis there (?:any |the )?code (?:for|of)\b"
            r"|\bdoes \S+(?: \S+){0,4} (?:have|release|share) (?:its |any )?code\b"
            r"|\bwhere (?:is|can i find|do i find) (?:the |its |their )?code\b|\b(?:code|github) (?:link|url|repo"
            r"(?:sitory)?)\b|\blink to (?:the |its |their )?code\b",
            re.I,
        ),
        "code_url",
    ),
    (
        re.compile(
            r"\bwhat (?:is|was) (?:the |its )?(?:full |exact )?title\b|\bwhat is (?:it|the paper) called\b", re.I
        ),
        "title",
    ),
]
COMPARE = re.compile(
    r"\b(?:compare|compared|comparison|contrast|differ|differs|difference|differences|different|differently|versus|vs\.?|similar"
    r"|similarity|similarities|both)\b"
    # "each" compares papers ("each one", "they each", "does each target"), not the parts of one ("each head gets").
    r"|\beach(?= (?:one|paper|of|other|approach|method|model|work|study)\b|\s*[?.!,]|\s*$)|\b(?:they|them) each\b"
    r"|\b(?:does|do|did|can|could|would|will|should) each\b",
    re.I,
)
# Without two named papers, a comparison still speaks of two papers ("Yufeng Yang's two … papers", "the paper that
# … differ from the later paper"); "how does that compare with CISPO" compares results, not papers.
TWO_PAPERS = re.compile(
    rf"\b(?:two|both|each|these|those)\s+(?:[\w'’-]+\s+){{0,5}}?(?:{PAPERS}|methods|approaches)\b"
    rf"|\b{PAPER}\b.{{1,200}}?\b(?:differ|differs|compare[sd]?|contrast(?:s|ed)?)\b.{{0,20}}?\b{PAPER}\b"
    rf"|\b(?:differ|differs|compare[sd]?|contrast(?:s|ed)?)\b.{{0,60}}?\b{PAPER}\b.{{1,200}}?\b{PAPER}\b",
    re.I,
)
# With one paper named, "they", "both" or "the two" bring in a second one the question describes ("X vs the weight
# conditioning paper: how do they differ?").
BOTH_SIDES = re.compile(r"\b(?:they|them|their|both|each other|the two|one another)\b", re.I)
SUMMARY = re.compile(
    r"\b(?:main|core|central|key|primary|big|overall) (?:idea|contribution|finding|claim|hypothesis|insight|result"
    r"|point|message|takeaway)s?\b|\bwhat (?:does|did) .{1,120}? (?:propose|introduce|contribute|present|change|"
    r"find|show|argue|cover|do|offer|achieve)\b|\bsummar(?:y|ise|ize)\b|\boverview\b|\bwhat ground\b"
    r"|\bwhat is (?:it|this|that) about\b|\bwhat (?:is|are) .{1,40} about\b|\btl;?dr\b|\bin a nutshell\b",
    re.I,
)
# "Which paper shows …", "is there a paper that …", "point me to the paper that …": one paper is the answer.
ONE_ASKED = re.compile(
    rf"^\W*(?:and |so )?(?:which|what) (?:single |one )?{PAPER}\b(?!s)|\bis there an? (?:single )?{PAPER}\b"
    rf"|\b(?:point me to|find|show me|name|give me) the {PAPER} (?:that|which|where|on|about)\b"
    r"|\bthe (?:one|paper) (?:that|who|which|where|with)\b",
    re.I,
)
YES_NO = re.compile(r"^\W*(?:and |so |but |also |ok(?:ay)?,? )?(?:does|do|did|is|was|were|are|has|have|had)\b", re.I)
# "Is there something from NVIDIA …?", "are there any papers by …": whether such papers exist, i.e. a list of them,
# not a yes or no about a paper named or pointed at.
EXISTS = re.compile(
    r"^\W*(?:and |so |but |also |ok(?:ay)?,? )?(?:is there|are there|do you have|have you got|do we have)\s+"
    r"(?:any(?:thing|one)?|some(?:thing|one)?|an?|papers?|works?|entries|studies)\b",
    re.I,
)
# Which catalog field answers a yes/no question about each filter it states ("was it posted in 2024" → date).
FILTER_FIELDS: dict[str, CatalogField] = {
    "year_from": "date",
    "year_to": "date",
    "has_code": "code_url",
    "author": "authors",
    "authors": "authors",
    "category": "category",
    "org": "org",
    "n_authors": "authors_count",
    "min_authors": "authors_count",
    "max_authors": "authors_count",
}
WHAT_IS = re.compile(r"^\W*(?:so |and )?what(?:'s| is| are| was)\b", re.I)
ONE_PAPER_REFERENCE = re.compile(rf"\b(?:the|this|that|its|their) (?:[\w'’-]+ ){{0,8}}?(?:{PAPER}|one)\b|\bit\b", re.I)


@dataclass
class KindReading:
    kind: Kind
    sort: Sort | None = None
    asked_field: CatalogField | None = None
    list_all: bool = False
    count_asked: int | None = None
    asked_fields: tuple[CatalogField, ...] = ()  # every catalog field asked ("when was it posted and by whom")


def read_kind(question: str, named: int, constrained: bool, has_topic: bool) -> KindReading:
    """`named`: how many papers the question names; `constrained`: it states catalog constraints; `has_topic`: words
    are left once the constraints are taken out."""
    count_asked = _count_asked(question)
    sort = next((value for pattern, value in SORTS if pattern.search(question)), None)
    fields = tuple(value for pattern, value in FIELDS if pattern.search(question))
    asked = fields[0] if fields else None
    if sort is not None:
        return KindReading("lookup", sort, asked or SORT_FIELD[sort], count_asked=count_asked, asked_fields=fields)
    if asked is not None:
        return KindReading("lookup", None, asked, count_asked=count_asked, asked_fields=fields)
    list_all = bool(LIST_ALL.search(question))
    if COUNT.search(question):
        return KindReading("count", list_all=list_all or (not has_topic and not constrained))
    holdings = not named and asks_what_is_held(question)
    if any(p.search(question) for p in (LIST, LIST_NOUN, LIST_OF_THOSE)) or (list_all and not named) or holdings:
        return KindReading("list", list_all=list_all or (not has_topic and not constrained), count_asked=count_asked)
    two = named >= 2 or TWO_PAPERS.search(question) or (named == 1 and BOTH_SIDES.search(question))
    # With two papers named, "each" is each of them ("how do ElasticZO and DistZO2 each save memory").
    if (COMPARE.search(question) or (named >= 2 and re.search(r"\beach\b", question, re.I))) and two:
        return KindReading("compare", count_asked=count_asked)
    if constrained and not has_topic:
        return KindReading("list", count_asked=count_asked)  # "which paper on the profile is filed under DB?"
    about_one = named == 1 or (named == 0 and ONE_PAPER_REFERENCE.search(question))
    if about_one and (SUMMARY.search(question) or (named == 1 and WHAT_IS.search(question))):
        return KindReading("summary")
    return KindReading("passages", count_asked=count_asked)


def _count_asked(question: str) -> int | None:
    if match := COUNT_ASKED.search(question):
        value = match.group(1).lower()
        return NUMBER_WORDS.get(value) or int(value)
    return 1 if ONE_ASKED.search(question) else None
