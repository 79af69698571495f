using IommuSim.Parameters;
using System.Runtime.InteropServices;
using System.Text;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Reads a scenario file, refusing what cannot be one before reading it: an empty name, a directory, anything
/// but a regular file (a device such as /dev/zero would be read forever, a FIFO nobody writes to would block
/// forever), and more than <see cref="MaxBytes"/>.
/// </summary>
internal static class ScenarioFile
{
    /// <summary>The largest scenario file read: far beyond any real one (the shipped ones are a few KiB).</summary>
    public const int MaxBytes = 16 << 20;

    private const string Expected = "expected a readable scenario file (.yaml, .yml or .json)";

    /// <summary>The text of <paramref name="path"/>, or null with the reason in <paramref name="problem"/>.</summary>
    public static string? Read(string path, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(path))
        {
            problem = $"an empty file name; {Expected}";
            return null;
        }
        try
        {
            if (Directory.Exists(path))
            {
                problem = $"'{path}' is a directory; {Expected}";
                return null;
            }
            if (!File.Exists(path))
            {
                problem = $"file not found; {Expected}";
                return null;
            }
            if (FileType.Of(path) is { } type and not FileType.Kind.Regular)
            {
                problem = $"'{path}' is {FileType.Describe(type)}, not a regular file; {Expected}";
                return null;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 << 10, FileOptions.SequentialScan);
            var bytes = new byte[Math.Min(MaxBytes + 1, Math.Max(stream.CanSeek ? stream.Length + 1 : MaxBytes + 1, 1))];
            int read = 0, n;
            while (read < bytes.Length && (n = stream.Read(bytes, read, bytes.Length - read)) > 0) read += n;
            if (read > MaxBytes)
            {
                problem = $"the file is larger than {MaxBytes >> 20} MiB; {Expected} of at most {MaxBytes >> 20} MiB";
                return null;
            }
            // As File.ReadAllText: UTF-8 unless a byte-order mark says otherwise.
            using var reader = new StreamReader(new MemoryStream(bytes, 0, read), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = $"file not found; {Expected}";
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot read the file ({ex.Message}); {Expected}";
            return null;
        }
    }

}
