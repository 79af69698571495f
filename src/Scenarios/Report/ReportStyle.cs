namespace IommuSim.Scenarios.Reports;

/// <summary>The report page's style sheet: system fonts only (nothing to fetch), the warnings box first and plain.</summary>
internal static class ReportStyle
{
    /// <summary>The CSS, inlined in the page's head.</summary>
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem 3rem; color: #1d2430; line-height: 1.45; }
        h1 { margin-bottom: 0.3rem; }
        .question { font-size: 1.1rem; margin-top: 0; }
        table.settings { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        table.settings caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
        table.settings th, table.settings td { text-align: left; padding: 0.15rem 1rem 0.15rem 0; border-bottom: 1px solid #e3e6eb; font-family: ui-monospace, monospace; font-size: 0.9rem; }
        table.settings th { font-weight: 500; color: #4a5568; }
        .warnings { border: 2px solid #c0392b; background: #fdecea; border-radius: 6px; padding: 0.6rem 1rem; margin: 1rem 0; }
        .warnings h2 { color: #922b21; margin: 0 0 0.3rem; font-size: 1.15rem; }
        .warnings ul { margin: 0; padding-left: 1.2rem; }
        .no-warnings { border: 1px solid #a9d5b5; background: #edf7ef; border-radius: 6px; padding: 0.4rem 1rem; margin: 1rem 0; }
        .no-warnings p { margin: 0; }
        section.report-section { margin-top: 2rem; }
        figure.chart { margin: 1rem 0 2rem; }
        figure.chart h3 { margin: 0 0 0.3rem; font-size: 1.05rem; }
        figure.chart figcaption { color: #4a5568; font-size: 0.92rem; margin-top: 0.3rem; }
        .plot { width: 100%; }
        """;
}
