using System;
using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// Translates a JavaScript regular expression (JSONata's regex literals) into an equivalent .NET regex:
/// ASCII-only <c>\d</c>/<c>\w</c>/<c>\b</c>, JavaScript's <c>.</c> and <c>$</c>, <c>[^]</c> and <c>[]</c>, escaped slashes.
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

    private static string ToDotNet(string p, bool ignoreCase, bool multiline)
    {
        var sb = new StringBuilder(p.Length + 16);
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];

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
                var n = p[++i];
                switch (n)
                {
                    case 'd':
                        sb.Append(inClass ? "0-9" : "[0-9]");
                        break;
                    case 'D':
                        sb.Append(inClass ? @"\D" : "[^0-9]");
                        break;
                    case 'w':
                        sb.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]");
                        break;
                    case 'W':
                        sb.Append(inClass ? @"\W" : "[^a-zA-Z0-9_]");
                        break;
                    case '/':
                        sb.Append('/');
                        break;
                    case 'u' when i + 4 < p.Length:
                        sb.Append("\\u").Append(p, i + 1, 4);
                        i += 4;
                        break;
                    default:
                        sb.Append('\\').Append(n);
                        break;
                }

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
                case '(' when i + 2 < p.Length && p[i + 1] == '?' && p[i + 2] == '<' && i + 3 < p.Length && p[i + 3] != '=' && p[i + 3] != '!':
                    sb.Append("(?<");
                    i += 2;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
