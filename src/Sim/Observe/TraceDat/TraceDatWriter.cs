namespace IommuSim.Observe.TraceDat;

/// <summary>
/// Writes a trace-cmd .dat file (version 7 or 6) that <c>trace-cmd report</c> reads: the static
/// <see cref="TraceDatContent"/>, then per CPU a stream of raw events laid out in kernel ring-buffer pages.
/// </summary>
/// <remarks>
/// Streaming with flat memory: each CPU fills one page in memory and spools sealed pages, a few at a time, to its
/// own temporary file (deleted when the writer is disposed); <see cref="Complete()"/> writes the metadata and copies the spools
/// into the output, compressing chunk by chunk for zstd. Appending an event allocates nothing.
/// The bytes depend only on the input: the file carries no date, uname, trace-cmd version or trace id, the
/// strings section is fixed, and the zstd version named is the linked library's.
/// </remarks>
public sealed class TraceDatWriter : IDisposable
{
    private readonly Stream _output;
    private TraceDatContent _content;
    private readonly TraceDatVersion _version;
    private readonly TraceDatCompression _compression;
    private readonly CpuPageSpool[] _cpus;
    private bool _completed;

    /// <summary>Starts a trace to <paramref name="output"/>, which must be seekable (offsets are patched in).</summary>
    /// <param name="output">Where the file goes; left open.</param>
    /// <param name="content">The trace's static data and CPU count.</param>
    /// <param name="version">The file version; 7 unless a reader needs 6.</param>
    /// <param name="compression">Zstd needs version 7.</param>
    /// <param name="spoolDirectory">Where the per-CPU page spools live; the system's temporary directory if null.</param>
    public TraceDatWriter(Stream output, TraceDatContent content, TraceDatVersion version = TraceDatVersion.V7,
        TraceDatCompression compression = TraceDatCompression.None, string? spoolDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(content);
        if (!output.CanSeek || !output.CanWrite) throw new ArgumentException("a .dat file is written to a seekable, writable stream", nameof(output));
        if (version is not (TraceDatVersion.V6 or TraceDatVersion.V7)) throw new ArgumentOutOfRangeException(nameof(version), version, "trace-cmd files are version 6 or 7");
        if (compression == TraceDatCompression.Zstd && version != TraceDatVersion.V7)
            throw new ArgumentException("version 6 files are not compressed", nameof(compression));
        content.Validate();
        _output = output;
        _content = content;
        _version = version;
        _compression = compression;
        string directory = spoolDirectory ?? Path.GetTempPath();
        _cpus = new CpuPageSpool[content.CpuCount];
        try
        {
            int pagesPerWrite = CpuPageSpool.PagesPerWrite(_cpus.Length);
            for (int i = 0; i < _cpus.Length; i++) _cpus[i] = new CpuPageSpool(directory, pagesPerWrite);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends one event on <paramref name="cpu"/> at <paramref name="timestampNs"/> (trace clock, ns; not before
    /// the CPU's previous event). <paramref name="rawEvent"/> is the record as its format file lays it out: common
    /// fields (common_type first) then the event's fields.
    /// </summary>
    public void Append(int cpu, long timestampNs, ReadOnlySpan<byte> rawEvent)
    {
        if (_completed) throw new InvalidOperationException("the trace is complete");
        if ((uint)cpu >= (uint)_cpus.Length) throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"the trace has CPUs 0 to {_cpus.Length - 1}");
        _cpus[cpu].Append(timestampNs, rawEvent);
    }

    /// <summary>
    /// Writes the whole file to the output with <paramref name="commandLines"/> as its cmdlines, in place of the
    /// content's (known only once every task has been seen); no events may follow.
    /// </summary>
    public void Complete(IReadOnlyList<TraceCommandLine> commandLines)
    {
        ArgumentNullException.ThrowIfNull(commandLines);
        _content = _content.WithCommandLines(commandLines);
        Complete();
    }

    /// <summary>Writes the whole file to the output; no events may follow.</summary>
    public void Complete()
    {
        if (_completed) throw new InvalidOperationException("the trace is complete");
        _completed = true;
        foreach (var cpu in _cpus) cpu.Finish();
        var o = new DatOutput(_output);
        if (_version == TraceDatVersion.V6)
        {
            V6FileLayout.Write(o, _content, _cpus);
        }
        else
        {
            using var zstd = _compression == TraceDatCompression.Zstd ? new ZstdBlocks() : null;
            V7FileLayout.Write(o, _content, _cpus, zstd);
        }
        _output.Flush();
    }

    /// <summary>Deletes the page spools; the output stays open.</summary>
    public void Dispose()
    {
        foreach (var cpu in _cpus) cpu?.Dispose();
    }
}
