"""Helpers every app's demo module uses (cop.home's load_demo calls each app's demo.load in turn)."""

# Cited as the source of the demo figures in several apps.
SOURCE_PROGRAMME = (
    'HM Treasury and Department for Communities and Local Government, "Total Place: a whole area approach '
    'to public services" (March 2010)'
)


def ensure_index(home_page, model, slug, title, intro):
    """The app's index page under the home page, created and published once."""
    index = model.objects.child_of(home_page).filter(slug=slug).first()
    if index is None:
        index = model(title=title, slug=slug, intro=intro)
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index
