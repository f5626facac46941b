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
}
