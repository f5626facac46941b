using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// Translates a JavaScript regular expression (JSONata's regex literals) into an equivalent .NET regex:
/// ASCII-only <c>\d</c>/<c>\w</c>/<c>\b</c>, JavaScript's <c>\s</c>, <c>.</c> and <c>$</c>, <c>[^]</c> and <c>[]</c>, escaped
/// slashes, and escaped characters with no meaning read as themselves (see <see cref="AppendEscape"/>).
/// Every regex gets a match timeout so a catastrophic pattern cannot hang the evaluation.
/// </summary>
internal static class JsonataRegexTranslator
{
    private static readonly Regex Quantifier = new(@"\G\{[0-9]+(?:,[0-9]*)?\}", RegexOptions.CultureInvariant);

    private static readonly ConcurrentDictionary<(string, bool, bool, TimeSpan), Regex> Cache = new();

    public static Regex Translate(string pattern, bool ignoreCase, bool multiline, TimeSpan timeout)
    {
        if (Cache.Count > 1024)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd((pattern, ignoreCase, multiline, timeout), key =>
        {
            var options = RegexOptions.CultureInvariant;
            if (key.Item2)
            {
                options |= RegexOptions.IgnoreCase;
            }

            if (key.Item3)
            {
                options |= RegexOptions.Multiline;
            }

            try
            {
                return new Regex(ToDotNet(key.Item1, key.Item2, key.Item3), options, key.Item4);
            }
            catch (ArgumentException)
            {
                throw new JsonataException("S0302", "Invalid regular expression: /" + key.Item1 + "/");
            }
        });
    }

    /// <summary>
    /// Appends <paramref name="text"/> to a pattern as literal text. In a case-insensitive pattern, the characters that
    /// have no other case form go in <c>(?-i:...)</c> runs: .NET joins a long sequence of such characters, parsed one by
    /// one under <see cref="RegexOptions.IgnoreCase"/>, at a cost that grows with the square of its length (seconds for
    /// 64,000 CJK characters or emoji), while a run without the option is read as one string. Matching is the same,
    /// since the ignored option could not change how those characters match.
    /// </summary>
    public static void AppendLiteral(StringBuilder pattern, string text, bool ignoreCase)
    {
        var run = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var uncased = i < text.Length && ignoreCase && !HasOtherCase(text[i]);
            if (uncased && run < 0)
            {
                run = i;
            }
            else if (!uncased && run >= 0)
            {
                pattern.Append("(?-i:").Append(Regex.Escape(text.Substring(run, i - run))).Append(')');
                run = -1;
            }

            if (i < text.Length && !uncased)
            {
                pattern.Append(Regex.Escape(text[i].ToString()));
            }
        }
    }

    /// <summary>Whether <paramref name="c"/> has an upper or lower case form other than itself.</summary>
    private static bool HasOtherCase(char c) => char.ToUpperInvariant(c) != c || char.ToLowerInvariant(c) != c;

    /// <summary>Whether <paramref name="c"/>, outside a class, stands for itself in a JavaScript pattern.</summary>
    private static bool IsLiteral(char c) => "\\^$.|?*+()[]{}".IndexOf(c, StringComparison.Ordinal) < 0;

    // JavaScript's \s (its WhiteSpace and LineTerminator characters, JsonataText.JavaScriptWhiteSpace: .NET's adds
    // U+0085 and lacks U+FEFF), and the complements of \d, \w and \s as ranges, for a class, where .NET's \D, \W and
    // \S would be Unicode's.
    private static readonly string JsSpace = ClassOf(JsonataText.JavaScriptWhiteSpace, complement: false);
    private static readonly string JsNotSpace = ClassOf(JsonataText.JavaScriptWhiteSpace, complement: true);
    private const string JsNotDigit = @"\u0000-\u002F\u003A-\uFFFF";
    private const string JsNotWord = @"\u0000-\u002F\u003A-\u0040\u005B-\u005E\u0060\u007B-\uFFFF";
    private const string JsWordChars = "a-zA-Z0-9_";
    private const string JsWord = "[" + JsWordChars + "]";

    /// <summary>The contents of a class of the characters of <paramref name="set"/>, or of all the others, as escapes and ranges.</summary>
    private static string ClassOf(char[] set, bool complement)
    {
        var sb = new StringBuilder();
        var next = 0; // the first character not yet placed in or out
        foreach (var c in set.Distinct().Order())
        {
            if (!complement)
            {
                AppendRange(sb, c, c);
            }
            else if (c > next)
            {
                AppendRange(sb, next, c - 1);
            }

            next = c + 1;
        }

        if (complement && next <= char.MaxValue)
        {
            AppendRange(sb, next, char.MaxValue);
        }

        return sb.ToString();

        static void AppendRange(StringBuilder sb, int first, int last)
        {
            sb.Append("\\u").Append(first.ToString("X4", CultureInfo.InvariantCulture));
            if (last > first)
            {
                sb.Append("-\\u").Append(last.ToString("X4", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Appends the escape whose character is <c>p[i]</c> (after a backslash) as .NET reads it, and returns the index of
    /// its last character. JavaScript's patterns without the <c>u</c> flag (JSONata's) read an escaped character with no
    /// meaning of its own as itself: <c>\a</c>, <c>\z</c>, <c>\p</c>, <c>\_</c>, <c>\é</c>, <c>\k</c> without named
    /// groups, <c>\x</c> and <c>\u</c> without their hex digits, and in a class <c>\B</c>; .NET gives several of them
    /// a meaning (a bell, an anchor, a Unicode category) and refuses the others. <c>\d</c>, <c>\w</c>, <c>\s</c> and
    /// <c>\b</c> are JavaScript's sets (ASCII digits and word characters; its white space), not .NET's Unicode ones.
    /// </summary>
    private static int AppendEscape(StringBuilder sb, string p, int i, bool inClass, Groups groups)
    {
        var n = p[i];
        switch (n)
        {
            case 'd':
                sb.Append(inClass ? "0-9" : "[0-9]");
                return i;
            case 'D':
                sb.Append(inClass ? JsNotDigit : "[^0-9]");
                return i;
            case 'w':
                sb.Append(inClass ? JsWordChars : JsWord);
                return i;
            case 'W':
                sb.Append(inClass ? JsNotWord : "[^" + JsWordChars + "]");
                return i;
            case 's':
                sb.Append(inClass ? JsSpace : "[" + JsSpace + "]");
                return i;
            case 'S':
                sb.Append(inClass ? JsNotSpace : "[^" + JsSpace + "]");
                return i;
            case 'b' when !inClass:
                sb.Append("(?:(?<=" + JsWord + ")(?!" + JsWord + ")|(?<!" + JsWord + ")(?=" + JsWord + "))");
                return i;
            case 'B' when !inClass:
                sb.Append("(?:(?<=" + JsWord + ")(?=" + JsWord + ")|(?<!" + JsWord + ")(?!" + JsWord + "))");
                return i;
            case 'b': // in a class, a backspace in both
            case 'f' or 'n' or 'r' or 't' or 'v':
                sb.Append('\\').Append(n);
                return i;
            case >= '0' and <= '9':
                return AppendNumberEscape(sb, p, i, inClass, groups);
            case 'k' when groups.Names is not null && !inClass:
            {
                // With named groups, \k<name> refers to one (by its number: the groups are written unnamed).
                var close = i + 1 < p.Length && p[i + 1] == '<' ? p.IndexOf('>', i + 2) : -1;
                if (close < 0 || !groups.Names.TryGetValue(p.Substring(i + 2, close - i - 2), out var number))
                {
                    throw new ArgumentException("Invalid named capture referenced");
                }

                sb.Append("\\k<").Append(number).Append('>');
                return close;
            }
            case 'x' when i + 2 < p.Length && char.IsAsciiHexDigit(p[i + 1]) && char.IsAsciiHexDigit(p[i + 2]):
                sb.Append("\\x").Append(p, i + 1, 2);
                return i + 2;
            case 'u' when i + 4 < p.Length && char.IsAsciiHexDigit(p[i + 1]) && char.IsAsciiHexDigit(p[i + 2]) && char.IsAsciiHexDigit(p[i + 3]) && char.IsAsciiHexDigit(p[i + 4]):
                sb.Append("\\u").Append(p, i + 1, 4);
                return i + 4;
            case 'c' when i + 1 < p.Length && char.IsAsciiLetter(p[i + 1]):
                sb.Append("\\c").Append(p[i + 1]);
                return i + 1;
            case 'c':
                // Not followed by a letter, JavaScript reads the backslash itself; the 'c' is read as usual next.
                sb.Append(@"\\");
                return i - 1;
            case '/':
                sb.Append('/');
                return i;
            default:
                // Any other character stands for itself: a letter or digit as it is (.NET refuses or reads a meaning
                // into escaped word characters), anything else escaped.
                if (char.IsLetterOrDigit(n) || n == '_' || !char.IsAscii(n))
                {
                    sb.Append(n);
                }
                else
                {
                    sb.Append('\\').Append(n);
                }

                return i;
        }
    }

    /// <summary>
    /// A decimal escape, <c>p[i]</c> its first digit. As JavaScript reads it without the <c>u</c> flag: outside a class,
    /// all its digits name a group that exists, a back reference; else (and always in a class) <c>\8</c> and <c>\9</c> are
    /// the digits themselves and other digits start a legacy octal escape (<c>\2</c> is U+0002, <c>\12</c> U+000A).
    /// </summary>
    private static int AppendNumberEscape(StringBuilder sb, string p, int i, bool inClass, Groups groups)
    {
        var end = i;
        while (end < p.Length && char.IsAsciiDigit(p[end]))
        {
            end++;
        }

        if (!inClass && p[i] != '0' && int.TryParse(p.AsSpan(i, end - i), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= groups.Count)
        {
            sb.Append("\\k<").Append(number).Append('>');
            return end - 1;
        }

        if (p[i] is '8' or '9')
        {
            sb.Append(p[i]);
            return i;
        }

        // Up to three octal digits, the value at most 0377.
        var value = p[i] - '0';
        var last = i;
        var most = p[i] <= '3' ? 3 : 2;
        while (last - i + 1 < most && last + 1 < p.Length && p[last + 1] is >= '0' and <= '7')
        {
            value = (value * 8) + (p[++last] - '0');
        }

        sb.Append("\\u").Append(value.ToString("X4", CultureInfo.InvariantCulture));
        return last;
    }

    /// <summary>Whether <paramref name="name"/> is a JavaScript identifier, as a group's name must be.</summary>
    private static bool IsGroupName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsLetter(name[0]) || name[0] is '$' or '_'))
        {
            return false;
        }

        foreach (var c in name[1..])
        {
            if (!(char.IsLetterOrDigit(c) || c is '$' or '_' or '\u200C' or '\u200D' || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The capturing groups of a pattern: how many, and the numbers of the named ones (null when none is named).</summary>
    private readonly record struct Groups(int Count, Dictionary<string, int>? Names);

    /// <summary>
    /// Counts the capturing groups of <paramref name="p"/> in the order their parentheses open, named or not, as
    /// JavaScript numbers them. (.NET numbers named groups after all the unnamed ones, so the translation writes every
    /// group unnamed and refers to named ones by number.)
    /// </summary>
    private static Groups ScanGroups(string p)
    {
        var count = 0;
        Dictionary<string, int>? names = null;
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            switch (p[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    inClass = true;
                    break;
                case ']':
                    inClass = false;
                    break;
                case '(' when !inClass:
                    if (i + 1 < p.Length && p[i + 1] == '?')
                    {
                        if (i + 3 < p.Length && p[i + 2] == '<' && p[i + 3] is not ('=' or '!'))
                        {
                            var close = p.IndexOf('>', i + 3);
                            if (close < 0 || !IsGroupName(p.AsSpan(i + 3, close - i - 3)))
                            {
                                throw new ArgumentException("Invalid capture group name");
                            }

                            names ??= new Dictionary<string, int>(StringComparer.Ordinal);
                            if (!names.TryAdd(p.Substring(i + 3, close - i - 3), ++count))
                            {
                                throw new ArgumentException("Duplicate capture group name");
                            }
                        }
                    }
                    else
                    {
                        count++;
                    }

                    break;
            }
        }

        return new Groups(count, names);
    }

    /// <summary>
    /// Appends the opening of the group <c>(?</c> at <paramref name="i"/>, and returns the index of its last character:
    /// JavaScript's <c>(?:</c>, <c>(?=</c>, <c>(?!</c>, <c>(?&lt;=</c>, <c>(?&lt;!</c> as they are, a named group
    /// <c>(?&lt;name&gt;</c> as an unnamed one (see <see cref="ScanGroups"/>). Any other is not JavaScript (.NET's inline
    /// options, atomic groups, comments, conditionals): an invalid pattern, as JavaScript finds it.
    /// </summary>
    private static int AppendGroupOpening(StringBuilder sb, string p, int i)
    {
        if (i + 2 < p.Length && p[i + 2] is ':' or '=' or '!')
        {
            sb.Append(p, i, 3);
            return i + 2;
        }

        if (i + 3 < p.Length && p[i + 2] == '<')
        {
            if (p[i + 3] is '=' or '!')
            {
                sb.Append(p, i, 4);
                return i + 3;
            }

            var close = p.IndexOf('>', i + 3);
            if (close < 0)
            {
                throw new ArgumentException("Invalid capture group name");
            }

            sb.Append('(');
            return close;
        }

        throw new ArgumentException("Invalid group");
    }

    /// <summary>
    /// Whether <c>p[i]</c>, outside a class, comes right after the assertion <c>^</c>, <c>$</c>, <c>\b</c> or <c>\B</c>
    /// (not an escaped <c>\^</c> or <c>\$</c>, nor a <c>\b</c> whose backslash is itself escaped).
    /// </summary>
    private static bool FollowsAssertion(string p, int i)
    {
        int start; // where the assertion begins
        if (p[i - 1] is '^' or '$')
        {
            start = i - 1;
        }
        else if (p[i - 1] is 'b' or 'B' && i >= 2 && p[i - 2] == '\\')
        {
            start = i - 2;
        }
        else
        {
            return false;
        }

        // An odd number of backslashes before it escapes it (\^, \\\b); an even number are escaped backslashes.
        var backslashes = 0;
        for (var k = start - 1; k >= 0 && p[k] == '\\'; k--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    private static string ToDotNet(string p, bool ignoreCase, bool multiline)
    {
        var sb = new StringBuilder(p.Length + 16);
        var inClass = false;
        var groups = ScanGroups(p);
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];

            // JavaScript repeats no assertion but a lookahead: ^*, $+, \b{2} are "Nothing to repeat" (.NET takes them).
            if (!inClass && i > 0 && FollowsAssertion(p, i) && (c is '*' or '+' or '?' || (c == '{' && Quantifier.IsMatch(p, i))))
            {
                throw new ArgumentException("Nothing to repeat");
            }

            // A quantifier's count, copied as it is (its digits are not a run of literal characters).
            if (!inClass && c == '{' && Quantifier.Match(p, i) is { Success: true } quantifier)
            {
                sb.Append(quantifier.Value);
                i += quantifier.Length - 1;
                continue;
            }

            // A run of plain characters (the last one left out when a quantifier may follow it: it alone is repeated).
            if (!inClass && ignoreCase && IsLiteral(c))
            {
                var end = i;
                while (end < p.Length && IsLiteral(p[end]))
                {
                    end++;
                }

                if (end < p.Length && "*+?{".Contains(p[end], StringComparison.Ordinal))
                {
                    end--;
                }

                if (end > i)
                {
                    AppendLiteral(sb, p.Substring(i, end - i), ignoreCase);
                    i = end - 1;
                    continue;
                }
            }

            if (c == '\\' && i + 1 < p.Length)
            {
                i = AppendEscape(sb, p, i + 1, inClass, groups);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    if (i + 2 < p.Length && p[i + 1] == '^' && p[i + 2] == ']')
                    {
                        sb.Append(@"[\s\S]");
                        i += 2;
                    }
                    else if (i + 1 < p.Length && p[i + 1] == ']')
                    {
                        sb.Append("(?!)");
                        i += 1;
                    }
                    else
                    {
                        inClass = true;
                        sb.Append('[');
                        if (i + 1 < p.Length && p[i + 1] == '^')
                        {
                            sb.Append('^');
                            i++;
                        }

                        if (i + 1 < p.Length && p[i + 1] == ']')
                        {
                            // A ']' right after '[' or '[^' is literal in .NET but closes an empty class in JavaScript.
                            sb.Append(@"\]");
                            i++;
                        }
                    }

                    break;
                case '.':
                    sb.Append(@"[^\n\r\u2028\u2029]");
                    break;
                case '$':
                    sb.Append(multiline ? @"(?=[\n\r\u2028\u2029]|\z)" : @"\z");
                    break;
                case '^' when multiline:
                    // JavaScript's line starts follow any of its line terminators; .NET's follow \n only.
                    sb.Append(@"(?<![^\n\r\u2028\u2029])");
                    break;
                case '(' when i + 1 < p.Length && p[i + 1] == '?':
                    i = AppendGroupOpening(sb, p, i);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
