namespace IommuSim.Reporting;

/// <summary>
/// The value a sweep point gives one swept path: as written, and as a number in a fixed unit when the key is a
/// quantity (bytes for sizes, Gbps for rates, ns for times), so that a table or a plot needs no string parsing.
/// </summary>
/// <param name="Path">The swept dotted path, e.g. <c>devices.eth0.line_rate</c>.</param>
/// <param name="Text">The value as written, e.g. <c>100Gbps</c>.</param>
/// <param name="Number">The value in <paramref name="Unit"/>; null for a value that is not a number (a mode, a name).</param>
/// <param name="Unit">The unit of <paramref name="Number"/>, e.g. <c>B</c>, <c>Gbps</c>, <c>ns</c>; empty for a plain number or text.</param>
public sealed record SweptValue(string Path, string Text, double? Number, string Unit);
