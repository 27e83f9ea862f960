from django.views.generic import DetailView, ListView

from jobs.documents import job_description_context
from jobs.models import Position


class PositionListView(ListView):
    paginate_by = 50
    template_name = "jobs/position_list.html"
    context_object_name = "positions"

    def get_queryset(self):
        query = self.request.GET.get("q", "").strip()
        positions = Position.objects.with_basics().order_by("tree_id", "lft")
        if query:
            positions = positions.search(query)
        return positions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        return context


class PositionDetailView(DetailView):
    """The 岗位说明书 page."""

    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "position"
    template_name = "jobs/position_detail.html"

    def get_queryset(self):
        return Position.objects.with_job_description()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(job_description_context(self.object, self.request.user))
        return context
