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
                text.Append(message, valueStart, MaxQuotedValue)
                    .Append("... (")
                    .Append(length.ToString("N0", CultureInfo.InvariantCulture))
                    .Append(" characters)");
            }
            else
            {
                text.Append(message, valueStart, length);
            }

            position = end;
        }

        return text.Append(message, position, message.Length - position).ToString();
    }
}
