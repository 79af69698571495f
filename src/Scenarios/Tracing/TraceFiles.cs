using System.Text;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.Recording;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Scenarios.Tracing;

/// <summary>
/// The trace files of one traced run, streamed as the events come: the text's lines to a spool (the header
/// counts them, so it is written last, in front), the .dat through <see cref="TraceDatWriter"/>. Each file is
/// written under a temporary name and renamed when complete; disposing without <see cref="Complete"/> deletes
/// everything, so a failed or cancelled run leaves no partial trace.
/// </summary>
internal sealed class TraceFiles : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly TraceSettings _settings;
    private readonly int _cpus;
    private readonly string _path;
    private readonly List<string> _temporary = [];
    private readonly StreamWriter? _lines;
    private readonly string? _linesTemporary;
    private readonly FtraceTextWriter? _text;
    private readonly FileStream? _datStream;
    private readonly string? _datTemporary;
    private readonly TraceDatWriter? _datWriter;
    private readonly DatTraceRecorder? _dat;

    /// <summary>Opens the files for base path <paramref name="path"/> (PATH.txt, PATH.dat) of a host with <paramref name="cpus"/> CPUs.</summary>
    public TraceFiles(string path, TraceSettings settings, int cpus)
    {
        _settings = settings;
        _cpus = cpus;
        _path = path;
        var targets = new List<ITraceRecorder>();
        try
        {
            if (settings.WritesText)
            {
                _linesTemporary = Temporary(path + ".txt.lines");
                _lines = new StreamWriter(new FileStream(_linesTemporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes),
                    Utf8, BufferBytes) { NewLine = "\n" };
                _text = new FtraceTextWriter(_lines, settings.Profile, TraceContext.Boot());
                targets.Add(_text);
            }
            if (settings.WritesDat)
            {
                _datTemporary = Temporary(path + ".dat");
                _datStream = new FileStream(_datTemporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferBytes);
                var content = new TraceDatContent
                {
                    CpuCount = cpus,
                    Events = [.. IommuEventFormats.All(settings.Profile).Select(f => new TraceEventFormat(f.Name, f.Id, f.FormatFile()))],
                };
                _datWriter = new TraceDatWriter(_datStream, content, settings.DatVersion, settings.Compression,
                    Path.GetDirectoryName(Path.GetFullPath(path)));
                _dat = new DatTraceRecorder(_datWriter, settings.Profile);
                targets.Add(_dat);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        Selection = new TraceSelection(settings.Profile, settings.Events, settings.Limit, [.. targets]);
    }

    /// <summary>Where the run's events go.</summary>
    public TraceSelection Selection { get; }

    /// <summary>The files written, once complete.</summary>
    public IReadOnlyList<string> Files => _settings.FilesFor(_path);

    /// <summary>Writes the header and the .dat's metadata, and puts the files in place.</summary>
    public void Complete()
    {
        if (_text is not null)
        {
            _lines!.Flush();
            _lines.Dispose();
            string final = Temporary(_path + ".txt");
            using (var output = new FileStream(final, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes))
            {
                using (var header = new StreamWriter(output, Utf8, 4096, leaveOpen: true) { NewLine = "\n" })
                    FtraceHeader.Write(header, _settings.Profile.Layout, _text.LinesWritten, _text.LinesWritten, _cpus);
                using var lines = File.OpenRead(_linesTemporary!);
                lines.CopyTo(output);
            }
            Place(final, _path + ".txt");
        }
        if (_dat is not null)
        {
            _dat.Complete();
            _datStream!.Dispose();
            _datWriter!.Dispose();
            Place(_datTemporary!, _path + ".dat");
        }
        Dispose();
    }

    /// <summary>Closes everything and deletes every temporary file; files already put in place stay.</summary>
    public void Dispose()
    {
        _lines?.Dispose();
        _datWriter?.Dispose();
        _datStream?.Dispose();
        foreach (var t in _temporary)
            if (File.Exists(t)) File.Delete(t);
        _temporary.Clear();
    }

    // A name next to the output, so that the rename stays on one file system.
    private string Temporary(string path)
    {
        string t = $"{path}.{Environment.ProcessId}.tmp";
        _temporary.Add(t);
        return t;
    }

    private static void Place(string temporary, string path) => File.Move(temporary, path, overwrite: true);
}
