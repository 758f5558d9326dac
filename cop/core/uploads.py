"""Uploaded images are re-encoded before they are stored.

Decoding the pixels and encoding them again keeps the picture and drops everything else:
EXIF (camera, GPS position), comments, XMP, and any bytes appended after the image (a
"polyglot" that is also an HTML page or a zip). The colour profile is kept, and a JPEG
taken on its side is turned upright first, since its orientation lives in the dropped EXIF.
Wagtail's image form uses ReencodedImageForm (settings.WAGTAILIMAGES_IMAGE_FORM_BASE).
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError
from wagtail.images.forms import BaseImageForm

REENCODABLE = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def reencode_image(uploaded) -> SimpleUploadedFile:
    """The same picture in the same format, with nothing but pixels and a colour profile."""
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as original:
            image_format = original.format
            if image_format not in REENCODABLE:
                raise ValidationError("The selected image must be a JPEG, PNG, GIF or WebP file.", code="image_format")
            icc_profile = original.info.get("icc_profile")
            animated = getattr(original, "n_frames", 1) > 1 and image_format in ("GIF", "WEBP")
            output = io.BytesIO()
            options = {"format": image_format}
            if icc_profile:
                options["icc_profile"] = icc_profile
            if animated:
                original.save(output, save_all=True, **options)
            else:
                picture = ImageOps.exif_transpose(original) if image_format == "JPEG" else original.copy()
                picture.info = {}
                if image_format in ("JPEG", "WEBP"):
                    options["quality"] = 90
                picture.save(output, **options)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError("The selected file is not an image that can be read.", code="image_unreadable") from error
    finally:
        uploaded.seek(0)
    return SimpleUploadedFile(uploaded.name, output.getvalue(), content_type=REENCODABLE[image_format])


class ReencodedImageForm(BaseImageForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # An unchanged file on the edit form is the stored one, re-encoded when it was uploaded.
        if uploaded is None or not hasattr(uploaded, "content_type"):
            return uploaded
        clean = reencode_image(uploaded)
        # Wagtail reads the Willow image the field attached; give it the re-encoded one.
        clean.image = getattr(uploaded, "image", None)
        return clean
