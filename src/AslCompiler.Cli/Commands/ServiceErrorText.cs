using System;
using System.Globalization;
using System.Text;

namespace AslCompiler.Cli.Commands;

/// <summary>How a refusal of the in-process API is printed on standard error.</summary>
internal static class ServiceErrorText
{
    /// <summary>The characters of a refused value that a message keeps.</summary>
    public const int MaxQuotedValue = 100;

    /// <summary>
    /// Shortens the values a ValidationException quotes (<c>Value '...' at 'definition' failed to satisfy constraint</c>,
    /// as AWS words it) to their first <see cref="MaxQuotedValue"/> characters and their length: the value of a
    /// definition too long for the API is megabytes, and was printed whole, as one line.
    /// </summary>
    public static string Shorten(string message)
    {
        const string Open = "Value '";
        const string Close = "' at '";
        if (message.Length <= 2 * MaxQuotedValue)
        {
            return message;
        }

        var text = new StringBuilder();
        var position = 0;
        while (message.IndexOf(Open, position, StringComparison.Ordinal) is var start and >= 0)
        {
            var valueStart = start + Open.Length;
            var end = message.IndexOf(Close, valueStart, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            text.Append(message, position, valueStart - position);
            var length = end - valueStart;
            if (length > MaxQuotedValue)
            {
                AppendShortened(text, message.AsSpan(valueStart, MaxQuotedValue), length);
            }
            else
            {
                text.Append(message, valueStart, length);
            }

            position = end;
        }

        return text.Append(message, position, message.Length - position).ToString();
    }

    /// <summary>
    /// The ValidationException of a value longer than a member's length constraint, as the API words it and
    /// <see cref="Shorten"/> shortens it, from the value's first characters and its length: the value itself need not
    /// be held.
    /// </summary>
    public static string TooLong(BoundedText value, string member, int maxLength)
    {
        var text = new StringBuilder("1 validation error detected: Value '");
        AppendShortened(text, value.Text ?? value.Head, value.Length);
        return text.Append("' at '").Append(member).Append("' failed to satisfy constraint: Member must have length less than or equal to ")
            .Append(maxLength.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static void AppendShortened(StringBuilder text, ReadOnlySpan<char> value, long length)
    {
        if (length <= MaxQuotedValue)
        {
            text.Append(value);
            return;
        }

        text.Append(value[..MaxQuotedValue])
            .Append("... (")
            .Append(length.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" characters)");
    }
}
