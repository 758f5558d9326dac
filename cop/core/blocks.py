"""StreamField blocks shared by case studies, updates and events (templates in core/blocks/)."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"


class LessonsListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200)
    lessons = blocks.ListBlock(blocks.CharBlock(max_length=400))

    class Meta:
        icon = "list-ul"
        template = "core/blocks/lessons_list.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text="Describe the image for people who cannot see it")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "core/blocks/figure.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        template = "core/blocks/document.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
        template = "core/blocks/link.html"


class SafeEmbedBlock(EmbedBlock):
    class Meta:
        icon = "media"
        template = "core/blocks/embed.html"


LESSON_BLOCKS = [
    ("text", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="core/blocks/text.html")),
    ("quote", QuoteBlock()),
    ("lessons", LessonsListBlock()),
    ("figure", FigureBlock()),
    ("document", DocumentLinkBlock()),
    ("embed", SafeEmbedBlock()),
]

BODY_BLOCKS = [
    ("text", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="core/blocks/text.html")),
    ("quote", QuoteBlock()),
    ("figure", FigureBlock()),
    ("document", DocumentLinkBlock()),
    ("embed", SafeEmbedBlock()),
]
