namespace IommuSim.Reporting;

/// <summary>One key setting a report states beside its question, e.g. <c>host.mode</c> = <c>lazy</c>.</summary>
/// <param name="Key">The scenario key.</param>
/// <param name="Value">Its value as written in the scenario.</param>
public sealed record ReportSetting(string Key, string Value);
