using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Scenarios.Loading;

/// <summary>Passes YAML events through and remembers where the last one ended, for errors that carry no position.</summary>
internal sealed class PositionTrackingParser : IParser
{
    private readonly IParser _inner;

    public PositionTrackingParser(IParser inner) => _inner = inner;

    /// <summary>The end of the last event read.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    /// <inheritdoc/>
    public ParsingEvent? Current => _inner.Current;

    /// <inheritdoc/>
    public bool MoveNext()
    {
        bool more = _inner.MoveNext();
        if (_inner.Current is { } e) LastEnd = e.End;
        return more;
    }
}
