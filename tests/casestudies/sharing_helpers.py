"""Answers for every page of "Share a case study", for tests that go through the form."""

from casestudies.share_forms import STEPS


def answers_for(place, other_place=None, **overrides) -> dict[str, dict]:
    answers = {
        "title": {"title": "Joining up help for families in Testshire", "summary_text": "Partners pooled budgets."},
        "place": {"place": str(place.pk), "other_place": str(other_place.pk) if other_place else ""},
        "partners": {"partner_1": "Testshire Police", "sector_1": "police", "partner_2": "", "sector_2": ""},
        "count": {
            "agency_1": "Testshire Council",
            "amount_1": "£1,250,000",
            "year_1": "2008-09",
            "source_1": "Council accounts 2008-09",
        },
        "problem": {"problem": "Eleven agencies each visited the same families.\n\nNobody joined it up."},
        "intervention": {"intervention": "One key worker per family, one budget."},
        "themes": {"themes": ["housing", "early-years"]},
        "services": {"service_areas": ["360"]},
        "details": {"spatial_level": "district", "who_leads": "partnership", "status": "piloting"},
        "savings": {
            "savings_amount": "250,000",
            "savings_percent": "",
            "savings_basis": "per_year",
            "evidence_strength": "measured",
            "savings_source": "Evaluation report, March 2010",
        },
        "lessons": {"lessons": "Start with the families\nShare data early", "outcomes": "Fewer visits."},
    }
    for slug, values in overrides.items():
        answers[slug] = {**answers[slug], **values}
    return answers


def fill_every_step(client, draft_id, answers) -> None:
    for step in STEPS:
        response = client.post(f"/share-a-case-study/{draft_id}/{step.slug}/", answers[step.slug])
        assert response.status_code == 302, (step.slug, response.content.decode()[:3000])
