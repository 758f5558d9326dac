from wagtail.documents.forms import BaseDocumentForm

from cop.core.documents import validate_document_upload


class LibraryDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), checking each upload's content and size."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # An unchanged file on the edit form is the stored FieldFile, already checked when uploaded.
        if uploaded is not None and hasattr(uploaded, "content_type"):
            validate_document_upload(uploaded)
        return uploaded
