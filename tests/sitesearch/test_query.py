from django.http import QueryDict

from cop.sitesearch.engine import AND, OR, fts5_expression
from cop.sitesearch.query import MAX_QUERY_LENGTH, MAX_TERMS, SearchRequest, parse_query


def test_words_phrases_and_exclusions():
    parsed = parse_query('pooled budget "young people" -police the')
    assert parsed.terms == ["pooled", "budget"]
    assert parsed.phrases == [["young", "people"]]
    assert parsed.excluded == ["police"]


def test_operators_and_punctuation_are_just_text():
    parsed = parse_query('title:pool* AND (budget~2 OR "unclosed')
    assert parsed.terms == ["title", "pool", "budget", "2", "unclosed"]
    assert fts5_expression(parsed, AND) == '("title" AND "pool" AND "budget" AND "2" AND "unclosed")'


def test_quotes_inside_words_cannot_break_the_fts_expression():
    parsed = parse_query('a"b c""d')
    expression = fts5_expression(parsed, OR)
    assert expression.count('"') % 2 == 0


def test_long_queries_are_cut_and_say_so():
    parsed = parse_query("budget " * 5_000)
    assert parsed.truncated
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    many = parse_query(" ".join(f"word{n}" for n in range(50)))
    assert len(many.terms) == MAX_TERMS and many.truncated


def test_only_exclusions_or_stopwords_is_an_empty_query():
    assert parse_query("-police").is_empty
    assert parse_query("the and of").is_empty


def test_request_from_params_validates_everything():
    params = QueryDict("q=x&page=abc&sort=evil&theme=Housing&theme=Housing&theme=&unknown=1")
    request = SearchRequest.from_params(params, ("public",))
    assert request.page == 1
    assert request.sort == "relevance"
    assert request.filters == {"theme": ["Housing"]}
