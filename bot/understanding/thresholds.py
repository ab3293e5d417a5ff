"""The thresholds of `understand`, on the coverage scale 0-100 (share of a question explained).

Documented in the README (« Comment betabot comprend une question ») and tested on both sides.
"""

# Answers a passage may replace: those that do not name a person.
# Reasons and engagements are short lists: the whole list holds any passage of theirs.
PASSAGE_INTENTS = ("unknown", "topic", "contact", "help")
PASSAGE_THRESHOLD = 30  # coverage 0-100: a passage answers only from this share of the question
# The same beside an umbrella topic (« l'incubateur », « l'ISN »), which explains little itself
BROAD_PASSAGE_THRESHOLD = 25
BARE_MIN_WORDS = 3  # words: a question with no cue needs this many meaningful words for passages
SAME_TOPIC_MARGIN = 15  # coverage points a passage of another topic must add to win
WHO_PASSAGE_THRESHOLD = 60  # coverage 0-100: the same for "qui…" questions no alias answered
POSTING_THRESHOLD = 30  # coverage 0-100: a jobs question names something a posting says
TRUSTED_COVERAGE = 75  # coverage 0-100: an alias answer explaining this much is kept as it is
