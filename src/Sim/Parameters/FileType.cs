using System.Runtime.InteropServices;

namespace IommuSim.Parameters;

/// <summary>
/// The type of an input file, from Linux's statx (whose layout is the same on every architecture): what a scenario or
/// one of its data files (a frame-size CDF, a trace) may be is a regular file, never a device such as /dev/zero that
/// would be read forever or a FIFO that would block.
/// </summary>
public static class FileType
{
    /// <summary>What a path can be.</summary>
    public enum Kind
    {
        /// <summary>A regular file.</summary>
        Regular,

        /// <summary>A directory.</summary>
        Directory,

        /// <summary>A character device.</summary>
        CharacterDevice,

        /// <summary>A block device.</summary>
        BlockDevice,

        /// <summary>A FIFO.</summary>
        Fifo,

        /// <summary>A socket.</summary>
        Socket,

        /// <summary>Anything else.</summary>
        Other,
    }

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

    /// <summary>
    /// Null when <paramref name="path"/> is a regular file (or its type cannot be told); otherwise why it cannot be read
    /// as one, for a message.
    /// </summary>
    public static string? NotRegular(string path) =>
        Of(path) is { } kind and not Kind.Regular ? $"'{path}' is {Describe(kind)}, not a regular file" : null;

    /// <summary>The kind in words, for messages.</summary>
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
