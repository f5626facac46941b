using System;
using System.IO;

namespace AslCompiler.Cli.Commands;

/// <summary>Reads a command's input file (or standard input for <c>-</c>) and reports why it could not.</summary>
internal static class InputFile
{
    /// <summary>Reads all bytes of <paramref name="path"/>; on failure writes a message to <paramref name="error"/> and returns null.</summary>
    public static byte[]? TryRead(string path, TextWriter error)
    {
        try
        {
            if (path == "-")
            {
                using var stdin = Console.OpenStandardInput();
                using var buffer = new MemoryStream();
                stdin.CopyTo(buffer);
                return buffer.ToArray();
            }

            return File.ReadAllBytes(path);
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

    /// <summary>Decodes UTF-8 <paramref name="bytes"/> read from <paramref name="path"/> strictly (see <see cref="TryReadText"/>).</summary>
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

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
