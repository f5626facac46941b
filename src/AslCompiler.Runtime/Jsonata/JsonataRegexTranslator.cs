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
                return new Regex(ToDotNet(key.Item1, key.Item3), options, key.Item4);
            }
            catch (ArgumentException)
            {
                throw new JsonataException("S0302", "Invalid regular expression: /" + key.Item1 + "/");
            }
        });
    }

    private static string ToDotNet(string p, bool multiline)
    {
        var sb = new StringBuilder(p.Length + 16);
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
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
