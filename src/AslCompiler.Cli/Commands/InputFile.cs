using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace AslCompiler.Cli.Commands;

/// <summary>Reads a command's input file (or standard input for <c>-</c>) and reports why it could not.</summary>
internal static class InputFile
{
    /// <summary>
    /// The most <c>asl</c> reads from one file (128 MiB): far past anything the API takes (a definition of 1 MB, a
    /// payload of 256 KB), and a bound on a device or pipe that never ends (<c>/dev/zero</c>), which was read until
    /// memory ran out.
    /// </summary>
    public const long MaxBytes = 128L * 1024 * 1024;

    private static readonly AsyncLocal<StandardInput?> s_input = new();

    /// <summary>Starts a command line: <c>-</c> reads <paramref name="input"/> (standard input when null), once.</summary>
    public static void BeginCommand(Stream? input) => s_input.Value = new StandardInput(input);

    /// <summary>
    /// Reads all bytes of <paramref name="path"/> (<c>-</c>: standard input, once per command line) up to
    /// <paramref name="maxBytes"/> (<see cref="MaxBytes"/> when 0); on failure writes a message naming the file and the
    /// reason to <paramref name="error"/> and returns null.
    /// </summary>
    public static byte[]? TryRead(string path, TextWriter error, long maxBytes = 0)
    {
        maxBytes = maxBytes > 0 ? maxBytes : MaxBytes;
        return TryReadWith(path, error, stream => ReadToEnd(stream, path, maxBytes, error));
    }

    /// <summary>
    /// Reads <paramref name="path"/> as UTF-8 text (see <see cref="TryReadText(string, TextWriter)"/>) without keeping
    /// more than <paramref name="maxLength"/> characters: the file is decoded a chunk at a time, and a longer text comes
    /// back as its first characters and its length (UTF-16 code units, as a .NET or Java string counts them), so an
    /// input an API would refuse for its length is refused without being held, let alone parsed. Null, after a message,
    /// when the file cannot be read or is not UTF-8.
    /// </summary>
    public static BoundedText? TryReadText(string path, TextWriter error, int maxLength) =>
        TryReadWith(path, error, stream => ReadText(stream, path, maxLength, error));

    // Opens the file (or standard input) and reads it with read; a file that cannot be opened or read is one message.
    private static T? TryReadWith<T>(string path, TextWriter error, Func<Stream, T?> read)
        where T : class
    {
        try
        {
            if (path == "-")
            {
                var input = s_input.Value ??= new StandardInput(null);
                if (input.Read)
                {
                    error.WriteLine("asl: cannot read '-': standard input was already read for an earlier '-'; it can be given once.");
                    return null;
                }

                input.Read = true;
                if (input.Stream is null && ClosedStandardInput.AtStart())
                {
                    error.WriteLine("asl: cannot read '-': standard input is closed.");
                    return null;
                }

                using var stdin = input.Stream ?? Console.OpenStandardInput();
                return read(stdin);
            }

            if (path.Length == 0)
            {
                error.WriteLine("asl: cannot read '': no file name was given.");
                return null;
            }

            if (Directory.Exists(path))
            {
                error.WriteLine($"asl: cannot read '{path}': it is a directory.");
                return null;
            }

            if (path.TrimStart() is ['{' or '[', ..] && !File.Exists(path))
            {
                error.WriteLine($"asl: cannot read '{path}': there is no such file; this argument is a file name (or - for standard input), and this looks like JSON text.");
                return null;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            return read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"asl: cannot read '{path}': {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/> as UTF-8 text (a leading byte order mark is dropped); on failure, unreadable or not
    /// UTF-8, writes a message naming the file (and the first bad byte) to <paramref name="error"/> and returns null.
    /// </summary>
    public static string? TryReadText(string path, TextWriter error) =>
        TryRead(path, error) is { } bytes ? TryDecode(bytes, path, error) : null;

    /// <summary>Decodes UTF-8 <paramref name="bytes"/> read from <paramref name="path"/> strictly (see <see cref="TryReadText(string, TextWriter)"/>).</summary>
    public static string? TryDecode(byte[] bytes, string path, TextWriter error)
    {
        var start = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var span = bytes.AsSpan(start);
        if (System.Text.Unicode.Utf8.IsValid(span))
        {
            return Strict.GetString(span);
        }

        var valid = 0;
        while (System.Text.Rune.DecodeFromUtf8(span[valid..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            valid += consumed;
        }

        error.WriteLine($"asl: '{path}' is not valid UTF-8 text: byte 0x{span[valid]:X2} at offset {start + valid} does not start or continue a character.");
        return null;
    }

    // A file's length is known up front; a device or a pipe is read in chunks until it ends or passes the bound.
    private static byte[]? ReadToEnd(Stream stream, string path, long maxBytes, TextWriter error)
    {
        long known = 0;
        if (stream.CanSeek)
        {
            known = stream.Length;
            if (known > maxBytes)
            {
                return TooLarge<byte[]>(path, maxBytes, error);
            }
        }

        using var buffer = new MemoryStream((int)known);
        var chunk = new byte[81920];
        int count;
        while ((count = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + count > maxBytes)
            {
                return TooLarge<byte[]>(path, maxBytes, error);
            }

            buffer.Write(chunk, 0, count);
        }

        return buffer.ToArray();
    }

    // UTF-8 decoded a chunk at a time: the text is kept while it fits maxLength, then only its head and its length.
    private static BoundedText? ReadText(Stream stream, string path, int maxLength, TextWriter error)
    {
        if (stream.CanSeek && stream.Length > MaxBytes)
        {
            return TooLarge<BoundedText>(path, MaxBytes, error);
        }

        var bytes = new byte[81920];
        var chars = new char[bytes.Length];
        var text = new System.Text.StringBuilder();
        var head = string.Empty;
        long length = 0;
        long read = 0; // bytes read from the stream
        long decoded = 0; // bytes decoded (the byte order mark included)
        var pending = 0; // bytes read, not decoded yet (the start of a character the next chunk ends)
        var started = false;
        while (true)
        {
            var count = stream.Read(bytes, pending, bytes.Length - pending);
            read += count;
            if (read > MaxBytes)
            {
                return TooLarge<BoundedText>(path, MaxBytes, error);
            }

            var final = count == 0;
            var chunk = bytes.AsSpan(0, pending + count);
            if (!started)
            {
                // A byte order mark is known only once three bytes (or the whole text) are in.
                if (chunk.Length < Utf8Bom.Length && !final)
                {
                    pending = chunk.Length;
                    continue;
                }

                started = true;
                if (chunk.StartsWith(Utf8Bom))
                {
                    chunk = chunk[Utf8Bom.Length..];
                    decoded = Utf8Bom.Length;
                }
            }

            var status = System.Text.Unicode.Utf8.ToUtf16(chunk, chars, out var used, out var written, replaceInvalidSequences: false, isFinalBlock: final);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                error.WriteLine($"asl: '{path}' is not valid UTF-8 text: byte 0x{chunk[used]:X2} at offset {decoded + used} does not start or continue a character.");
                return null;
            }

            length += written;
            if (text is not null)
            {
                if (length <= maxLength)
                {
                    text.Append(chars, 0, written);
                }
                else
                {
                    text.Append(chars, 0, Math.Min(written, Math.Max(0, BoundedText.HeadLength - text.Length)));
                    head = text.ToString(0, Math.Min(text.Length, BoundedText.HeadLength));
                    text = null;
                }
            }

            decoded += used;
            if (final)
            {
                return text is not null ? new BoundedText(text.ToString(), length) : new BoundedText(null, length, head);
            }

            // The start of a character cut by the chunk's end goes first in the next chunk.
            var rest = chunk[used..];
            rest.CopyTo(bytes);
            pending = rest.Length;
        }
    }

    private static T? TooLarge<T>(string path, long maxBytes, TextWriter error)
        where T : class
    {
        error.WriteLine($"asl: cannot read '{path}': it is larger than {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, the most asl reads from a file.");
        return null;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What <c>-</c> reads in this command line, and whether it was read already.</summary>
    private sealed class StandardInput(Stream? stream)
    {
        public Stream? Stream { get; } = stream;

        public bool Read { get; set; }
    }
}

/// <summary>
/// Text read up to a length: the whole <see cref="Text"/> when it fits, else null with the first
/// <see cref="HeadLength"/> characters in <see cref="Head"/>; <see cref="Length"/> is the whole text's either way.
/// </summary>
internal sealed record BoundedText(string? Text, long Length, string Head = "")
{
    /// <summary>How many characters of a text too long to keep are kept (what a refusal quotes).</summary>
    public const int HeadLength = ServiceErrorText.MaxQuotedValue;

    /// <summary>Text given inline, whole or as its head when longer than <paramref name="maxLength"/>.</summary>
    public static BoundedText Of(string text, int maxLength) =>
        text.Length <= maxLength ? new BoundedText(text, text.Length) : new BoundedText(null, text.Length, text[..Math.Min(text.Length, HeadLength)]);
}
