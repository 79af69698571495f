namespace IommuSim.Observe.TraceDat;

/// <summary>
/// One event's format file, as /sys/kernel/tracing/events/&lt;system&gt;/&lt;name&gt;/format prints it. The file is
/// stored verbatim; <paramref name="Id"/> must match its "ID:" line, since a record's common_type selects it.
/// </summary>
/// <param name="Name">The event's name within its system, e.g. "map".</param>
/// <param name="Id">The event's type id, the value of common_type in its records.</param>
/// <param name="Format">The format file's text.</param>
public sealed record TraceEventFormat(string Name, int Id, string Format);
