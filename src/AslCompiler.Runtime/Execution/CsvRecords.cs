using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Splits delimited text into records of fields by the rules Step Functions documents for the files a distributed
/// Map reads ("How Step Functions parses input CSV files"), in one pass:
/// <list type="bullet">
/// <item>the delimiter separates fields; a line break (LF, CRLF or CR) outside quotes ends the record; a line with
/// nothing on it holds no record and is skipped;</item>
/// <item>a field that starts with <c>"</c> is quoted up to its closing quote and may hold delimiters and line breaks;
/// elsewhere a lone <c>"</c> opens or closes a quoted stretch;</item>
/// <item><c>""</c> is one literal quote, inside quotes or out (the documented example keeps
/// <c>{""MyKey"":""MyValue""}</c> unquoted);</item>
/// <item>a backslash before a backslash, a quote or the delimiter stands for that character; before anything else it
/// is dropped (the character stays); at the very end it is dropped;</item>
/// <item>fields are strings, white space kept.</item>
/// </list>
/// A quote that is never closed is an error naming the object and the line the quote opened on.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<string[]> Read(string text, char delimiter, string name)
    {
        var position = 0;
        var line = 1L;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (position < text.Length)
        {
            if (text[position] is '\r' or '\n')
            {
                position = AfterLineBreak(text, position);
                line++;
                continue;
            }

            fields.Clear();
            var recordEnded = false;
            while (!recordEnded)
            {
                field.Clear();
                var start = position;
                var quoted = false;
                var quoteLine = 0L;
                while (true)
                {
                    if (position == text.Length)
                    {
                        if (quoted)
                        {
                            throw S3ItemReader.Failed("The CSV object " + name + " has a quoted field that is never closed (its quote opens on line "
                                + quoteLine.ToString(CultureInfo.InvariantCulture) + ").");
                        }

                        recordEnded = true;
                        break;
                    }

                    var c = text[position];
                    if (c == '\\')
                    {
                        position = Escape(text, position, delimiter, field);
                        continue;
                    }

                    if (quoted)
                    {
                        if (c == '"')
                        {
                            if (At(text, position + 1) == '"')
                            {
                                field.Append('"');
                                position += 2;
                            }
                            else
                            {
                                quoted = false;
                                position++;
                            }

                            continue;
                        }

                        if (c == '\n' || (c == '\r' && At(text, position + 1) != '\n'))
                        {
                            line++;
                        }

                        field.Append(c);
                        position++;
                        continue;
                    }

                    if (c == delimiter)
                    {
                        position++;
                        break;
                    }

                    if (c is '\r' or '\n')
                    {
                        position = AfterLineBreak(text, position);
                        line++;
                        recordEnded = true;
                        break;
                    }

                    if (c == '"')
                    {
                        if (position != start && At(text, position + 1) == '"')
                        {
                            field.Append('"');
                            position += 2;
                        }
                        else
                        {
                            quoted = true;
                            quoteLine = line;
                            position++;
                        }

                        continue;
                    }

                    field.Append(c);
                    position++;
                }

                fields.Add(field.ToString());
            }

            yield return fields.ToArray();
        }
    }

    private static int Escape(string text, int position, char delimiter, StringBuilder field)
    {
        var next = At(text, position + 1);
        if (next == '\\' || next == '"' || (next == delimiter && position + 1 < text.Length))
        {
            field.Append(next);
            return position + 2;
        }

        return position + 1;
    }

    private static int AfterLineBreak(string text, int position) =>
        text[position] == '\r' && At(text, position + 1) == '\n' ? position + 2 : position + 1;

    private static char At(string text, int position) => position < text.Length ? text[position] : '\0';
}
