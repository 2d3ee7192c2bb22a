// Draws the cluster comparison's charts from the figures the page printed with json_script; the same
// figures are in the tables below each chart, for screen readers and for printing.
(function () {
  "use strict";

  function points(value) {
    return value === null || value === undefined ? "—" : value.toLocaleString("vi-VN");
  }

  function tooltip() {
    return { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + points(ctx.raw); } } };
  }

  function draw() {
    var source = document.getElementById("comparison-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = {};

    var groupsCanvas = document.getElementById("chart-groups");
    if (groupsCanvas && data.groups) {
      charts.groups = new Chart(groupsCanvas, {
        type: "bar",
        data: {
          labels: data.groups.labels,
          datasets: data.groups.datasets.map(function (s) {
            return { label: s.label, data: s.data, backgroundColor: s.color, borderColor: s.color };
          }),
        },
        options: {
          maintainAspectRatio: false,
          plugins: { tooltip: tooltip(), legend: { position: "bottom" } },
          scales: { y: { beginAtZero: true, title: { display: true, text: "Điểm" } } },
        },
      });
    }

    var totalsCanvas = document.getElementById("chart-totals");
    if (totalsCanvas && data.totals) {
      charts.totals = new Chart(totalsCanvas, {
        type: "bar",
        data: {
          labels: data.totals.labels,
          datasets: [{ label: "Tổng điểm", data: data.totals.data, backgroundColor: data.totals.colors }],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          plugins: { tooltip: tooltip(), legend: { display: false } },
          scales: { x: { beginAtZero: true, title: { display: true, text: "Tổng điểm" } } },
        },
      });
    }

    var yearsCanvas = document.getElementById("chart-years");
    if (yearsCanvas && data.years) {
      charts.years = new Chart(yearsCanvas, {
        type: "line",
        data: {
          labels: data.years.labels,
          datasets: data.years.datasets.map(function (s) {
            return { label: s.label, data: s.data, borderColor: s.color, backgroundColor: s.color, spanGaps: true, tension: 0.2 };
          }),
        },
        options: {
          maintainAspectRatio: false,
          plugins: { tooltip: tooltip(), legend: { position: "bottom" } },
          scales: { y: { title: { display: true, text: "Tổng điểm" } }, x: { title: { display: true, text: "Năm học" } } },
        },
      });
    }
    window.clusterComparisonCharts = charts;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
