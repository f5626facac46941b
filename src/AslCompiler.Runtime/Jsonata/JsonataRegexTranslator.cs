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
            // Case is ignored by the translation itself (see JavaScriptCaseFolding), not by .NET's IgnoreCase, whose
            // case equivalences are not JavaScript's.
            var options = RegexOptions.CultureInvariant;
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

    // JavaScript's sets as code-unit ranges: \d and \w are ASCII; \s is its WhiteSpace and LineTerminator characters
    // (JsonataText.JavaScriptWhiteSpace: .NET's \s adds U+0085 and lacks U+FEFF).
    private static readonly CodeUnitSet Digits = CodeUnitSet.Of(('0', '9'));
    private static readonly CodeUnitSet WordCharacters = CodeUnitSet.Of(('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z'));
    private static readonly CodeUnitSet WhiteSpace = CodeUnitSet.Of([.. JsonataText.JavaScriptWhiteSpace.Select(c => (c, c))]);
    private static readonly CodeUnitSet NotDigits = Digits.Complement();
    private static readonly CodeUnitSet NotWordCharacters = WordCharacters.Complement();
    private static readonly CodeUnitSet NotWhiteSpace = WhiteSpace.Complement();
    private const string JsWord = "[a-zA-Z0-9_]";

    /// <summary>The set of <c>\d</c>, <c>\D</c>, <c>\w</c>, <c>\W</c>, <c>\s</c> or <c>\S</c> (by its letter), or null.</summary>
    private static CodeUnitSet? SetEscape(char letter) => letter switch
    {
        'd' => Digits,
        'D' => NotDigits,
        'w' => WordCharacters,
        'W' => NotWordCharacters,
        's' => WhiteSpace,
        'S' => NotWhiteSpace,
        _ => null,
    };

    /// <summary>
    /// Appends the code unit <paramref name="c"/> as an atom: itself, or, ignoring case, the class of the units that
    /// match it as JavaScript canonicalizes case (<c>k</c> is <c>[Kk]</c>, without the Kelvin sign).
    /// </summary>
    private static void AppendCharacter(StringBuilder sb, char c, bool ignoreCase)
    {
        if (ignoreCase && JavaScriptCaseFolding.TryGetEquivalents(c, out var group))
        {
            sb.Append('[');
            foreach (var member in group)
            {
                AppendUnit(sb, member);
            }

            sb.Append(']');
        }
        else
        {
            sb.Append(Regex.Escape(c.ToString()));
        }
    }

    private static void AppendUnit(StringBuilder sb, int c) =>
        sb.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));

    /// <summary>
    /// Appends the escape, outside a class, whose character is <c>p[i]</c> (after a backslash) as .NET reads it, and
    /// returns the index of its last character. JavaScript's patterns without the <c>u</c> flag (JSONata's) read an
    /// escaped character with no meaning of its own as itself: <c>\a</c>, <c>\z</c>, <c>\p</c>, <c>\_</c>, <c>\é</c>,
    /// <c>\k</c> without named groups, <c>\x</c> and <c>\u</c> without their hex digits; .NET gives several of them a
    /// meaning (a bell, an anchor, a Unicode category) and refuses the others. <c>\d</c>, <c>\w</c>, <c>\s</c> and
    /// <c>\b</c> are JavaScript's sets (ASCII digits and word characters; its white space), not .NET's Unicode ones.
    /// </summary>
    private static int AppendEscape(StringBuilder sb, string p, int i, Groups groups, bool ignoreCase)
    {
        var n = p[i];
        if (SetEscape(n) is { } set)
        {
            sb.Append(set.ToClass(negated: false, ignoreCase));
            return i;
        }

        switch (n)
        {
            case 'b':
                sb.Append("(?:(?<=" + JsWord + ")(?!" + JsWord + ")|(?<!" + JsWord + ")(?=" + JsWord + "))");
                return i;
            case 'B':
                sb.Append("(?:(?<=" + JsWord + ")(?=" + JsWord + ")|(?<!" + JsWord + ")(?!" + JsWord + "))");
                return i;
            case >= '1' and <= '9' when BackReference(p, i, groups) is var (number, last) && number > 0:
                AppendBackReference(sb, number, ignoreCase);
                return last;
            case 'k' when groups.Names is not null:
            {
                // With named groups, \k<name> refers to one (by its number: the groups are written unnamed).
                if (i + 1 >= p.Length || p[i + 1] != '<')
                {
                    throw new ArgumentException("Invalid named reference");
                }

                if (!groups.Names.TryGetValue(ReadGroupName(p, i + 2, out var close), out var named))
                {
                    throw new ArgumentException("Invalid named capture referenced");
                }

                AppendBackReference(sb, named, ignoreCase);
                return close;
            }

            case 'c' when i + 1 >= p.Length || !char.IsAsciiLetter(p[i + 1]):
                // Not followed by a letter, JavaScript reads the backslash itself; the 'c' is read as usual next.
                sb.Append(@"\\");
                return i - 1;
            default:
                var end = CharacterEscape(p, i, inClass: false, out var c);
                AppendCharacter(sb, c, ignoreCase);
                return end;
        }
    }

    /// <summary>
    /// A back reference. A group that has not matched (yet) is empty to JavaScript, so its reference matches the
    /// empty text, where .NET's fails: the reference is written under a condition on the group. Ignoring case, .NET
    /// compares the captured text by its own case rules (JavaScript's Canonicalize and .NET's case equivalences differ
    /// only for a few code units; see docs/jsonata.md).
    /// </summary>
    private static void AppendBackReference(StringBuilder sb, int number, bool ignoreCase)
    {
        var group = number.ToString(CultureInfo.InvariantCulture);
        sb.Append("(?(").Append(group).Append(')').Append(ignoreCase ? "(?i:" : "(?:").Append("\\k<").Append(group).Append(">)|)");
    }

    /// <summary>
    /// The group a decimal escape outside a class refers to, <c>p[i]</c> its first digit: as JavaScript reads it without
    /// the <c>u</c> flag, all its digits name a group that exists, or it is no back reference (number 0) but <c>\8</c>,
    /// <c>\9</c> or a legacy octal escape (see <see cref="CharacterEscape"/>).
    /// </summary>
    private static (int Number, int Last) BackReference(string p, int i, Groups groups)
    {
        var end = i;
        while (end < p.Length && char.IsAsciiDigit(p[end]))
        {
            end++;
        }

        return int.TryParse(p.AsSpan(i, end - i), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= groups.Count
            ? (number, end - 1)
            : (0, i);
    }

    /// <summary>
    /// The one code unit an escape stands for, <c>p[i]</c> the character after the backslash (not a set, a back
    /// reference, <c>\b</c> outside a class, nor <c>\c</c> without its letter); returns the index of its last character.
    /// In a class <c>\b</c> is a backspace and <c>\c</c> takes a digit or <c>_</c> too. A decimal escape is <c>\8</c>,
    /// <c>\9</c>, or a legacy octal one (up to three octal digits, at most 0377: <c>\2</c> is U+0002, <c>\12</c> U+000A).
    /// Any other character without a meaning stands for itself.
    /// </summary>
    private static int CharacterEscape(string p, int i, bool inClass, out char c)
    {
        var n = p[i];
        switch (n)
        {
            case 'b':
                c = '\b';
                return i;
            case 'f':
                c = '\f';
                return i;
            case 'n':
                c = '\n';
                return i;
            case 'r':
                c = '\r';
                return i;
            case 't':
                c = '\t';
                return i;
            case 'v':
                c = '\v';
                return i;
            case 'c' when i + 1 < p.Length && (char.IsAsciiLetter(p[i + 1]) || (inClass && (char.IsAsciiDigit(p[i + 1]) || p[i + 1] == '_'))):
                c = (char)(p[i + 1] % 32);
                return i + 1;
            case 'x' when i + 2 < p.Length && char.IsAsciiHexDigit(p[i + 1]) && char.IsAsciiHexDigit(p[i + 2]):
                c = (char)int.Parse(p.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                return i + 2;
            case 'u' when i + 4 < p.Length && char.IsAsciiHexDigit(p[i + 1]) && char.IsAsciiHexDigit(p[i + 2]) && char.IsAsciiHexDigit(p[i + 3]) && char.IsAsciiHexDigit(p[i + 4]):
                c = (char)int.Parse(p.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                return i + 4;
            case >= '0' and <= '7':
            {
                // Up to three octal digits, the value at most 0377.
                var value = n - '0';
                var last = i;
                var most = n <= '3' ? 3 : 2;
                while (last - i + 1 < most && last + 1 < p.Length && p[last + 1] is >= '0' and <= '7')
                {
                    value = (value * 8) + (p[++last] - '0');
                }

                c = (char)value;
                return last;
            }

            default:
                c = n;
                return i;
        }
    }

    /// <summary>
    /// Reads the group name that starts at <c>p[start]</c> (after its <c>&lt;</c>) to its <c>&gt;</c>, whose index
    /// <paramref name="close"/> gives: an identifier, as JavaScript reads one in a pattern (its characters may be
    /// written <c>\uXXXX</c>, a surrogate pair of them, or <c>\u{X...}</c>). Anything else is JavaScript's "Invalid
    /// capture group name".
    /// </summary>
    private static string ReadGroupName(string p, int start, out int close)
    {
        var name = new StringBuilder();
        var i = start;
        while (true)
        {
            if (i >= p.Length)
            {
                throw new ArgumentException("Invalid capture group name");
            }

            if (p[i] == '>')
            {
                break;
            }

            int codePoint;
            if (p[i] == '\\')
            {
                codePoint = ReadUnicodeEscape(p, ref i);
                if (char.IsHighSurrogate((char)codePoint) && i + 1 < p.Length && p[i] == '\\' && p[i + 1] == 'u')
                {
                    // \uD835\uDC9C: a pair written as two escapes is one character.
                    var next = i;
                    var low = ReadUnicodeEscape(p, ref next);
                    if (char.IsLowSurrogate((char)low))
                    {
                        codePoint = char.ConvertToUtf32((char)codePoint, (char)low);
                        i = next;
                    }
                }
            }
            else if (char.IsSurrogatePair(p, i))
            {
                codePoint = char.ConvertToUtf32(p, i);
                i += 2;
            }
            else
            {
                codePoint = p[i++];
            }

            if (!(name.Length == 0 ? IsIdentifierStart(codePoint) : IsIdentifierPart(codePoint)))
            {
                throw new ArgumentException("Invalid capture group name");
            }

            name.Append(char.ConvertFromUtf32(codePoint)); // a surrogate is neither a start nor a part
        }

        if (name.Length == 0)
        {
            throw new ArgumentException("Invalid capture group name");
        }

        close = i;
        return name.ToString();
    }

    /// <summary>A <c>\uXXXX</c> or <c>\u{X...}</c> escape in a group name at <c>p[i]</c> (its backslash), read past.</summary>
    private static int ReadUnicodeEscape(string p, ref int i)
    {
        if (i + 1 < p.Length && p[i + 1] == 'u')
        {
            if (i + 2 < p.Length && p[i + 2] == '{')
            {
                var end = p.IndexOf('}', i + 3);
                if (end > i + 3 && end - i - 3 <= 8 && int.TryParse(p.AsSpan(i + 3, end - i - 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && value <= 0x10FFFF)
                {
                    i = end + 1;
                    return value;
                }
            }
            else if (i + 6 <= p.Length && int.TryParse(p.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                i += 6;
                return unit;
            }
        }

        throw new ArgumentException("Invalid capture group name");
    }

    /// <summary>
    /// Whether a code point may start a JavaScript identifier: <c>$</c>, <c>_</c>, or Unicode's ID_Start (letters,
    /// letter numbers, and the few characters Unicode adds as Other_ID_Start, less the pattern syntax U+2E2F).
    /// </summary>
    private static bool IsIdentifierStart(int codePoint)
    {
        if (codePoint is '$' or '_' or 0x1885 or 0x1886 or 0x2118 or 0x212E or 0x309B or 0x309C)
        {
            return true;
        }

        if (codePoint is 0x2E2F or (>= 0xD800 and <= 0xDFFF))
        {
            return false;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;
    }

    /// <summary>
    /// Whether a code point may continue a JavaScript identifier: a start character, <c>$</c>, U+200C and U+200D, or
    /// Unicode's ID_Continue (marks, decimal digits, connector punctuation, and its Other_ID_Continue characters).
    /// </summary>
    private static bool IsIdentifierPart(int codePoint)
    {
        if (IsIdentifierStart(codePoint) || codePoint is 0x200C or 0x200D or 0x00B7 or 0x0387 or (>= 0x1369 and <= 0x1371) or 0x19DA or 0x30FB or 0xFF65)
        {
            return true;
        }

        return codePoint is not (>= 0xD800 and <= 0xDFFF) && CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
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
                            var name = ReadGroupName(p, i + 3, out var close);
                            names ??= new Dictionary<string, int>(StringComparer.Ordinal);
                            i = close;
                            if (!names.TryAdd(name, ++count))
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

            _ = ReadGroupName(p, i + 3, out var close);
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
        var groups = ScanGroups(p);
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];

            // JavaScript repeats no assertion but a lookahead: ^*, $+, \b{2} are "Nothing to repeat" (.NET takes them).
            if (i > 0 && FollowsAssertion(p, i) && (c is '*' or '+' or '?' || (c == '{' && Quantifier.IsMatch(p, i))))
            {
                throw new ArgumentException("Nothing to repeat");
            }

            // A quantifier's count, copied as it is (its digits are not a run of literal characters).
            if (c == '{' && Quantifier.Match(p, i) is { Success: true } quantifier)
            {
                sb.Append(quantifier.Value);
                i += quantifier.Length - 1;
                continue;
            }

            // A run of plain characters without other case forms, as one string (the last one left out when a
            // quantifier may follow it: it alone is repeated). Ignoring case, .NET joins a long run of single-character
            // atoms at a cost that grows with the square of its length; a string is read at once.
            if (ignoreCase && IsLiteral(c) && !JavaScriptCaseFolding.TryGetEquivalents(c, out _))
            {
                var end = i;
                while (end < p.Length && IsLiteral(p[end]) && !JavaScriptCaseFolding.TryGetEquivalents(p[end], out _))
                {
                    end++;
                }

                if (end < p.Length && "*+?{".Contains(p[end], StringComparison.Ordinal))
                {
                    end--;
                }

                if (end > i)
                {
                    sb.Append(Regex.Escape(p.Substring(i, end - i)));
                    i = end - 1;
                    continue;
                }
            }

            if (c == '\\')
            {
                if (i + 1 >= p.Length)
                {
                    throw new ArgumentException("\\ at end of pattern");
                }

                i = AppendEscape(sb, p, i + 1, groups, ignoreCase);
                continue;
            }

            switch (c)
            {
                case '[':
                    i = AppendClass(sb, p, i, groups, ignoreCase);
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
                case '^' or '|' or '(' or ')' or '*' or '+' or '?':
                    sb.Append(c);
                    break;
                default:
                    AppendCharacter(sb, c, ignoreCase);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Appends the class at <c>p[start]</c> (its <c>[</c>) as .NET reads it, and returns the index of its <c>]</c>. As
    /// JavaScript reads a class without the <c>u</c> flag: <c>[]</c> matches nothing and <c>[^]</c> anything; a
    /// <c>]</c> first closes it; a <c>[</c> in it is a character; a range with a set at either end (<c>[\w-a]</c>) is
    /// the set, <c>-</c> and the other end; <c>\b</c> is a backspace, <c>\c</c> takes a digit or <c>_</c> too, and a
    /// decimal escape is <c>\8</c>, <c>\9</c> or a legacy octal one. Ignoring case, the class holds every code unit
    /// that matches one of its own (and a negated class none of them), as JavaScript's Canonicalize pairs them.
    /// </summary>
    private static int AppendClass(StringBuilder sb, string p, int start, Groups groups, bool ignoreCase)
    {
        var i = start + 1;
        var negated = i < p.Length && p[i] == '^';
        if (negated)
        {
            i++;
        }

        var set = new CodeUnitSet();
        while (true)
        {
            if (i >= p.Length)
            {
                throw new ArgumentException("Unterminated character class");
            }

            if (p[i] == ']')
            {
                break;
            }

            var low = ReadClassAtom(p, ref i, groups);
            if (i + 1 < p.Length && p[i] == '-' && p[i + 1] != ']')
            {
                i++; // -
                var high = ReadClassAtom(p, ref i, groups);
                if (low.Set is null && high.Set is null)
                {
                    if (high.Unit < low.Unit)
                    {
                        throw new ArgumentException("Range out of order in character class");
                    }

                    set.Add(low.Unit, high.Unit);
                }
                else
                {
                    // A set cannot bound a range: JavaScript (without the u flag) takes both ends and the '-'.
                    low.AddTo(set);
                    set.Add('-', '-');
                    high.AddTo(set);
                }

                continue;
            }

            low.AddTo(set);
        }

        sb.Append(set.ToClass(negated, ignoreCase));
        return i;
    }

    /// <summary>One item of a class: a code unit, or a set (<c>\d</c> ...).</summary>
    private readonly record struct ClassAtom(char Unit, CodeUnitSet? Set)
    {
        public void AddTo(CodeUnitSet set)
        {
            if (Set is null)
            {
                set.Add(Unit, Unit);
            }
            else
            {
                set.Add(Set);
            }
        }
    }

    /// <summary>Reads the class item at <c>p[i]</c>, leaving <paramref name="i"/> after it.</summary>
    private static ClassAtom ReadClassAtom(string p, ref int i, Groups groups)
    {
        if (p[i] != '\\')
        {
            return new ClassAtom(p[i++], null);
        }

        if (i + 1 >= p.Length)
        {
            throw new ArgumentException("\\ at end of pattern");
        }

        if (SetEscape(p[i + 1]) is { } set)
        {
            i += 2;
            return new ClassAtom(default, set);
        }

        if (p[i + 1] == 'k' && groups.Names is not null)
        {
            // In a pattern with named groups, \k is only a reference (outside a class).
            throw new ArgumentException("Invalid escape");
        }

        if (p[i + 1] == 'c' && (i + 2 >= p.Length || !(char.IsAsciiLetterOrDigit(p[i + 2]) || p[i + 2] == '_')))
        {
            // Without its control letter, the backslash is itself; the 'c' is the next item.
            i++;
            return new ClassAtom('\\', null);
        }

        i = CharacterEscape(p, i + 1, inClass: true, out var c) + 1;
        return new ClassAtom(c, null);
    }

    /// <summary>
    /// A set of UTF-16 code units, as ranges: what a class matches. Written as a .NET class of <c>\uXXXX</c> ranges, the
    /// class's meaning no longer depends on how .NET reads its characters and escapes.
    /// </summary>
    private sealed class CodeUnitSet
    {
        private readonly List<(int First, int Last)> _ranges = [];

        public static CodeUnitSet Of(params (char First, char Last)[] ranges)
        {
            var set = new CodeUnitSet();
            foreach (var (first, last) in ranges)
            {
                set.Add(first, last);
            }

            return set;
        }

        public void Add(int first, int last) => _ranges.Add((first, last));

        public void Add(CodeUnitSet other) => _ranges.AddRange(other._ranges);

        /// <summary>The code units not in this set.</summary>
        public CodeUnitSet Complement()
        {
            var result = new CodeUnitSet();
            var next = 0;
            foreach (var (first, last) in Normalized())
            {
                if (first > next)
                {
                    result.Add(next, first - 1);
                }

                next = last + 1;
            }

            if (next <= char.MaxValue)
            {
                result.Add(next, char.MaxValue);
            }

            return result;
        }

        /// <summary>The ranges sorted, overlapping and adjacent ones joined.</summary>
        private List<(int First, int Last)> Normalized()
        {
            var sorted = _ranges.OrderBy(r => r.First).ToList();
            var merged = new List<(int First, int Last)>(sorted.Count);
            foreach (var range in sorted)
            {
                if (merged.Count > 0 && range.First <= merged[^1].Last + 1)
                {
                    merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, range.Last));
                }
                else
                {
                    merged.Add(range);
                }
            }

            return merged;
        }

        /// <summary>This set's ranges and every code unit that matches one of its own ignoring case (JavaScript's Canonicalize).</summary>
        private CodeUnitSet ClosedUnderCase()
        {
            var closed = new CodeUnitSet();
            closed.Add(this);
            var cased = JavaScriptCaseFolding.Cased;
            foreach (var (first, last) in _ranges)
            {
                var k = Array.BinarySearch(cased, (char)first);
                for (k = k < 0 ? ~k : k; k < cased.Length && cased[k] <= last; k++)
                {
                    if (JavaScriptCaseFolding.TryGetEquivalents(cased[k], out var group))
                    {
                        foreach (var member in group)
                        {
                            closed.Add(member, member);
                        }
                    }
                }
            }

            return closed;
        }

        /// <summary>The .NET class of this set (or of the others when <paramref name="negated"/>).</summary>
        public string ToClass(bool negated, bool ignoreCase)
        {
            var ranges = (ignoreCase ? ClosedUnderCase() : this).Normalized();
            if (ranges.Count == 0)
            {
                return negated ? @"[\s\S]" : "(?!)";
            }

            var sb = new StringBuilder(negated ? "[^" : "[");
            foreach (var (first, last) in ranges)
            {
                AppendUnit(sb, first);
                if (last > first)
                {
                    sb.Append('-');
                    AppendUnit(sb, last);
                }
            }

            return sb.Append(']').ToString();
        }
    }
}
