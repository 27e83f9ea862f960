from django.urls import path

from jobs import review_views, views

app_name = "jobs"
urlpatterns = [
    path("positions/", views.PositionListView.as_view(), name="position_list"),
    path("positions/compare/", views.compare_positions, name="compare"),
    path("positions/picker.json", views.position_picker_json, name="position_picker"),
    path("positions/<str:code>/", views.PositionDetailView.as_view(), name="position_detail"),
    path("positions/<str:code>/docx/", views.position_docx, name="position_docx"),
    path("positions/<str:code>/pdf/", views.position_pdf, name="position_pdf"),
    path("positions/<str:code>/history/", views.position_history, name="position_history"),
    path("positions/<str:code>/history/restore/", views.position_restore, name="position_restore"),
    path("positions/<str:code>/publish/", views.position_publish, name="position_publish"),
    path("positions/<str:code>/submit/", review_views.position_submit, name="position_submit"),
    path("standards/<str:code>/", views.standard_detail, name="standard_detail"),
    path("standards/<str:code>/submit/", review_views.standard_submit, name="standard_submit"),
    path("standards/<str:code>/review/", review_views.standard_review, name="standard_review"),
    path("standards/<str:code>/history/", views.standard_history, name="standard_history"),
    path("reviews/", review_views.review_queue_page, name="review_queue"),
    path("reviews/<str:code>/", review_views.review_detail, name="review_detail"),
    path("handbooks/<str:code>/", views.handbook_page, name="handbook"),
    path("handbooks/<str:code>/docx/", views.handbook_docx_download, name="handbook_docx"),
    path("handbooks/<str:code>/pdf/", views.handbook_pdf_download, name="handbook_pdf"),
]
