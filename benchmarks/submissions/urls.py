from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("benchmarking/submissions/", views.index, name="index"),
    path("benchmarking/submissions/start/", views.start, name="start"),
    path("benchmarking/submissions/published/", views.published, name="published"),
    path("benchmarking/submissions/<int:pk>/", views.detail, name="detail"),
    path("benchmarking/submissions/<int:pk>/edit/", views.edit, name="edit"),
    path("benchmarking/submissions/<int:pk>/upload/", views.upload, name="upload"),
    path("benchmarking/submissions/<int:pk>/template.<str:file_format>", views.template_download, name="template"),
    path("benchmarking/submissions/<int:pk>/figures.csv", views.export, name="export"),
    path("benchmarking/submissions/<int:pk>/submit/", views.submit, name="submit"),
    path("benchmarking/submissions/<int:pk>/certify/", views.certify, name="certify"),
    path("benchmarking/submissions/<int:pk>/publish/", views.publish, name="publish"),
    path("benchmarking/submissions/<int:pk>/release-date/", views.release_date, name="release_date"),
]
