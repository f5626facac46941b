using System.Collections.Generic;
using System.Text;

namespace AslCompiler.Generator;

/// <summary>
/// Lays a long generated C# expression out over lines, so that it reads (and a breakpoint can be set on a part of it) in
/// a debugger: a bracketed list (<c>(...)</c>, <c>[...]</c>, <c>{...}</c>) that does not fit the width is broken after
/// its opening bracket, one comma-separated element per line, one level deeper, and closed on a line of its own. Only
/// white space outside literals changes, which C# allows between any two tokens; string and character literals are
/// copied whole. Text it cannot follow (unbalanced brackets, an unterminated literal) is left on one line.
/// </summary>
internal static class CSharpExpressionLayout
{
    private const int IndentSize = 4;

    /// <summary>The lines of <paramref name="expression"/>, each within <paramref name="width"/> characters where a break allows it; the first has no indentation.</summary>
    /// <param name="expression">A C# expression.</param>
    /// <param name="width">The width to keep within, counted from the expression's first column.</param>
    /// <returns>The lines, the later ones indented relative to the first.</returns>
    public static List<string> Lines(string expression, int width)
    {
        var lines = new List<string>();
        if (expression.Length <= width)
        {
            lines.Add(expression);
            return lines;
        }

        var index = 0;
        var root = ParseSequence(expression, ref index, closer: '\0');
        if (root is null || index != expression.Length)
        {
            lines.Add(expression);
            return lines;
        }

        var line = new StringBuilder();
        Write(root, 0, width, line, lines);
        lines.Add(line.ToString());
        return lines;
    }

    private static void Write(Sequence sequence, int indent, int width, StringBuilder line, List<string> lines)
    {
        foreach (var part in sequence.Parts)
        {
            if (part is string text)
            {
                line.Append(text);
                continue;
            }

            var group = (Group)part;
            if (line.Length + group.FlatLength <= width || group.IsEmpty)
            {
                AppendFlat(group, line);
                continue;
            }

            // Broken: simple elements (no brackets of their own) that fit stay on the opener's line; after them each
            // element starts a line one level deeper, a simple one taking the simple ones after it that fit, a bracketed
            // one broken in turn if it does not fit; the closer follows the last element.
            line.Append(group.Open);
            if (group.Open == '{')
            {
                line.Append(' ');
            }

            var deeper = indent + IndentSize;
            var count = group.Elements.Count;
            var i = 0;
            var leading = true;
            while (i < count)
            {
                var element = group.Elements[i];
                var comma = i < count - 1 ? 1 : 0;
                var joins = element.IsSimple && (leading || (i > 0 && group.Elements[i - 1].IsSimple)) && !Blank(line);
                if (joins && line.Length + 1 + element.FlatLength + comma <= width)
                {
                    if (line[line.Length - 1] is not (' ' or '(' or '['))
                    {
                        line.Append(' ');
                    }
                }
                else
                {
                    leading = false;
                    if (!Blank(line))
                    {
                        NewLine(line, lines, deeper);
                    }
                }

                Write(element, deeper, width, line, lines);
                if (comma > 0)
                {
                    line.Append(',');
                }

                leading &= element.IsSimple;
                i++;
            }

            line.Append(group.Open == '{' ? " " : string.Empty).Append(group.Close);
        }
    }

    private static bool Blank(StringBuilder line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private static void NewLine(StringBuilder line, List<string> lines, int indent)
    {
        lines.Add(line.ToString().TrimEnd());
        line.Clear();
        line.Append(' ', indent);
    }

    private static void AppendFlat(Group group, StringBuilder line)
    {
        line.Append(group.Open);
        if (group.IsEmpty)
        {
            line.Append(group.Open == '{' ? " " : string.Empty).Append(group.Close);
            return;
        }

        var pad = group.Open == '{' ? " " : string.Empty;
        line.Append(pad);
        for (var i = 0; i < group.Elements.Count; i++)
        {
            if (i > 0)
            {
                line.Append(", ");
            }

            AppendFlat(group.Elements[i], line);
        }

        line.Append(pad).Append(group.Close);
    }

    private static void AppendFlat(Sequence sequence, StringBuilder line)
    {
        foreach (var part in sequence.Parts)
        {
            if (part is string text)
            {
                line.Append(text);
            }
            else
            {
                AppendFlat((Group)part, line);
            }
        }
    }

    /// <summary>Reads text and bracketed groups up to <paramref name="closer"/> or a comma at this level (neither consumed); null when the text is not followed.</summary>
    private static Sequence? ParseSequence(string text, ref int index, char closer)
    {
        var sequence = new Sequence();
        var run = new StringBuilder();
        while (index < text.Length)
        {
            var c = text[index];
            if (closer != '\0' && (c == closer || c == ','))
            {
                break;
            }

            switch (c)
            {
                case '"':
                case '\'':
                    if (!CopyLiteral(text, ref index, run))
                    {
                        return null;
                    }

                    continue;
                case '(':
                case '[':
                case '{':
                    sequence.Add(run);
                    var group = ParseGroup(text, ref index);
                    if (group is null)
                    {
                        return null;
                    }

                    sequence.Parts.Add(group);
                    sequence.FlatLength += group.FlatLength;
                    continue;
                case ')':
                case ']':
                case '}':
                    return null; // a closer this level did not open
            }

            run.Append(c);
            index++;
        }

        sequence.Add(run);
        return sequence;
    }

    private static Group? ParseGroup(string text, ref int index)
    {
        var open = text[index];
        var close = open == '(' ? ')' : open == '[' ? ']' : '}';
        index++;
        var group = new Group(open, close);
        while (true)
        {
            var element = ParseSequence(text, ref index, close);
            if (element is null || index >= text.Length)
            {
                return null;
            }

            element.Trim();
            group.Elements.Add(element);
            if (text[index] == close)
            {
                index++;
                break;
            }

            index++; // the comma
        }

        group.Measure();
        return group;
    }

    /// <summary>Copies a string or character literal (its escapes included) whole; false when it does not end.</summary>
    private static bool CopyLiteral(string text, ref int index, StringBuilder run)
    {
        var quote = text[index];
        var verbatim = quote == '"' && index > 0 && text[index - 1] == '@';
        run.Append(quote);
        index++;
        while (index < text.Length)
        {
            var c = text[index++];
            run.Append(c);
            if (c == '\\' && !verbatim && index < text.Length)
            {
                run.Append(text[index++]);
            }
            else if (c == quote)
            {
                if (verbatim && index < text.Length && text[index] == '"')
                {
                    run.Append(text[index++]);
                    continue;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Text and groups in order; <see cref="FlatLength"/> is their length on one line.</summary>
    private sealed class Sequence
    {
        public List<object> Parts { get; } = new();

        public int FlatLength { get; set; }

        /// <summary>Whether it has no brackets of its own (an identifier, a literal, an operator between such).</summary>
        public bool IsSimple
        {
            get
            {
                foreach (var part in Parts)
                {
                    if (part is Group)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public void Add(StringBuilder run)
        {
            if (run.Length > 0)
            {
                Parts.Add(run.ToString());
                FlatLength += run.Length;
                run.Clear();
            }
        }

        /// <summary>Drops the white space at the ends (an element's, after the comma and before the closer).</summary>
        public void Trim()
        {
            if (Parts.Count > 0 && Parts[0] is string first)
            {
                var trimmed = first.TrimStart();
                FlatLength -= first.Length - trimmed.Length;
                Replace(0, trimmed);
            }

            if (Parts.Count > 0 && Parts[Parts.Count - 1] is string last)
            {
                var trimmed = last.TrimEnd();
                FlatLength -= last.Length - trimmed.Length;
                Replace(Parts.Count - 1, trimmed);
            }
        }

        private void Replace(int at, string text)
        {
            if (text.Length == 0)
            {
                Parts.RemoveAt(at);
            }
            else
            {
                Parts[at] = text;
            }
        }
    }

    /// <summary>A bracketed, comma-separated list.</summary>
    private sealed class Group(char open, char close)
    {
        public char Open { get; } = open;

        public char Close { get; } = close;

        public List<Sequence> Elements { get; } = new();

        public int FlatLength { get; private set; }

        public bool IsEmpty => Elements.Count == 1 && Elements[0].Parts.Count == 0;

        /// <summary>Its length on one line: brackets, the elements, <c>", "</c> between them, a space inside braces.</summary>
        public void Measure()
        {
            var length = 2 + (Open == '{' ? 2 : 0) + (2 * (Elements.Count - 1));
            foreach (var element in Elements)
            {
                length += element.FlatLength;
            }

            FlatLength = length;
        }
    }
}
