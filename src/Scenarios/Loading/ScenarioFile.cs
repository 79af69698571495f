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

    /// <summary>The type of a file, from Linux's statx (whose layout is the same on every architecture).</summary>
    internal static class FileType
    {
        public enum Kind { Regular, Directory, CharacterDevice, BlockDevice, Fifo, Socket, Other }

        private const int AtFdCwd = -100;
        private const uint StatxType = 0x1;
        private const int ModeOffset = 28;   // struct statx: stx_mask, stx_blksize, stx_attributes, stx_nlink, stx_uid, stx_gid, stx_mode

        /// <summary>What <paramref name="path"/> (symbolic links followed) is; null where statx is not available.</summary>
        public static Kind? Of(string path)
        {
            if (!OperatingSystem.IsLinux()) return null;
            var buffer = new byte[256];
            try
            {
                if (statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }
            int mode = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000;
            return mode switch
            {
                0x8000 => Kind.Regular,
                0x4000 => Kind.Directory,
                0x2000 => Kind.CharacterDevice,
                0x6000 => Kind.BlockDevice,
                0x1000 => Kind.Fifo,
                0xC000 => Kind.Socket,
                _ => Kind.Other,
            };
        }

        public static string Describe(Kind kind) => kind switch
        {
            Kind.CharacterDevice => "a character device",
            Kind.BlockDevice => "a block device",
            Kind.Fifo => "a FIFO (named pipe)",
            Kind.Socket => "a socket",
            Kind.Directory => "a directory",
            _ => "a special file",
        };

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
    }
}
