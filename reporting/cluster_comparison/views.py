"""Pages and downloads of the cluster comparison (office host). Every view finds its cluster through
`visible_cluster_or_404`, so the leader of one cluster reaches nothing of another."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .charts import chart_data
from .exports import comparison_pdf, comparison_xlsx
from .selectors import cluster_comparison, clusters_visible_to, visible_cluster_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def comparison_list(request):
    """The clusters whose comparison the user may open: those they lead, and their offices' clusters."""
    return render(
        request,
        "reporting/cluster_comparison/list.html",
        {"clusters": list(clusters_visible_to(request.user))},
    )


@require_GET
def comparison_page(request, cluster_id):
    cluster = visible_cluster_or_404(request.user, cluster_id)
    comparison = cluster_comparison(cluster, round_id=request.GET.get("dot"))
    return render(
        request,
        "reporting/cluster_comparison/page.html",
        {
            "cluster": cluster,
            "comparison": comparison,
            "table": comparison.table,
            "history": comparison.history,
            "chart_data": chart_data(comparison),
        },
    )


@require_GET
def comparison_excel(request, cluster_id):
    cluster = visible_cluster_or_404(request.user, cluster_id)
    comparison = cluster_comparison(cluster, round_id=request.GET.get("dot"), every_round=True)
    return _download(comparison_xlsx(comparison), XLSX, f"so-sanh-cum-thi-dua-{cluster.pk}.xlsx")


@require_GET
def comparison_pdf_view(request, cluster_id):
    cluster = visible_cluster_or_404(request.user, cluster_id)
    comparison = cluster_comparison(cluster, round_id=request.GET.get("dot"))
    return _download(comparison_pdf(comparison), "application/pdf", f"so-sanh-cum-thi-dua-{cluster.pk}.pdf")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
