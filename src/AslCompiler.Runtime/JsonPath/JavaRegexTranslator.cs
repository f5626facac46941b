using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// Translates a Java regular expression (a JSONPath filter's <c>=~</c> operand: Jayway compiles it with
/// <c>java.util.regex.Pattern</c>) into an equivalent .NET pattern, for the constructs whose meaning differs:
/// <list type="bullet">
/// <item><c>\d</c>, <c>\w</c>, <c>\s</c> and their complements are ASCII (Unicode with the <c>U</c> flag), as are the
/// POSIX classes <c>\p{Alpha}</c>, <c>\p{Digit}</c> ... and their <c>\P</c> complements;</item>
/// <item><c>.</c> leaves out every line terminator (<c>\n</c>, <c>\r</c>, U+0085, U+2028, U+2029), not only
/// <c>\n</c> (with <c>s</c> it matches anything, with <c>d</c> everything but <c>\n</c>);</item>
/// <item><c>\h</c>, <c>\v</c>, <c>\R</c>, <c>\x{...}</c>, <c>\0</c> octal escapes and <c>\Q...\E</c> quoting;</item>
/// <item>possessive quantifiers (<c>a*+</c>) as atomic groups;</item>
/// <item>nested character classes: union (<c>[a[0-9]]</c>) and intersection (<c>[a-z&amp;&amp;[^aeiou]]</c>);</item>
/// <item>the <c>x</c> flag (and <c>(?x)</c>) skips white space and <c>#</c> comments inside classes too, as Java does;</item>
/// <item>inline flags Java has and .NET lacks (<c>d</c>, <c>u</c>, <c>U</c>) are dropped.</item>
/// </list>
/// Constructs .NET cannot express (<c>\X</c>, <c>\N{...}</c>) are refused with an <see cref="ArgumentException"/>.
/// Case is ignored by the translation, as Java ignores it, never by .NET's IgnoreCase: <c>i</c> without <c>u</c> folds
/// ASCII letters only (a letter is written as a class of both cases, and a class gets the other case of its letters);
/// with <c>u</c> (or <c>U</c>), as Java's UNICODE_CASE folds (see <see cref="JavaCase"/>). Inline <c>(?i)</c>,
/// <c>(?u)</c> and <c>(?U)</c> follow the same rule; a back reference ignoring case is .NET's (see docs/runtime.md).
/// </summary>
internal sealed class JavaRegexTranslator
{
    private const string LineTerminators = @"\n\r\u0085\u2028\u2029";
    private const string AsciiSpace = @" \t\n\x0B\f\r";
    private const string HorizontalSpace = @" \t\u00A0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000";
    private const string VerticalSpace = @"\n\x0B\f\r\u0085\u2028\u2029";

    private readonly string _pattern;
    private readonly StringBuilder _out = new();
    private int _pos;
    private bool _comments;
    // The modes the translation carries out itself; inline flags change them to the end of their group.
    private bool _dotAll;
    private bool _unixLines;
    private bool _unicodeClasses;
    private bool _ignoreCase;
    private bool _unicodeCase;

    private JavaRegexTranslator(string pattern, string flags)
    {
        _pattern = pattern;
        _comments = flags.Contains('x', StringComparison.Ordinal);
        _dotAll = flags.Contains('s', StringComparison.Ordinal);
        _unixLines = flags.Contains('d', StringComparison.Ordinal);
        _unicodeClasses = flags.Contains('U', StringComparison.Ordinal);
        _ignoreCase = flags.Contains('i', StringComparison.Ordinal);
        _unicodeCase = UnicodeCase(flags);
    }

    /// <summary>Whether Java folds case beyond ASCII: <c>u</c> (UNICODE_CASE), which <c>U</c> (UNICODE_CHARACTER_CLASS) implies.</summary>
    private static bool UnicodeCase(string flags) => flags.Contains('u', StringComparison.Ordinal) || flags.Contains('U', StringComparison.Ordinal);

    /// <summary>
    /// Whether case is ignored for ASCII letters only (<c>i</c> without <c>u</c>), as the translation writes it: a
    /// letter as a class of its two cases, a class with the other case of its letters. .NET's IgnoreCase would fold
    /// other letters too (é and É, the Kelvin sign and k).
    /// </summary>
    private bool AsciiCaseFolding => _ignoreCase && !_unicodeCase;

    /// <summary>Whether case is ignored as Java's UNICODE_CASE does (<c>i</c> with <c>u</c>): see <see cref="JavaCase"/>.</summary>
    private bool UnicodeCaseFolding => _ignoreCase && _unicodeCase;

    /// <summary>The .NET pattern of the Java pattern <paramref name="pattern"/> read with Jayway's <paramref name="flags"/>.</summary>
    /// <param name="pattern">The Java pattern.</param>
    /// <param name="flags">Jayway's flags (<c>d</c>, <c>i</c>, <c>m</c>, <c>s</c>, <c>u</c>, <c>U</c>, <c>x</c>).</param>
    /// <returns>The .NET pattern (its options: <see cref="Options"/>).</returns>
    /// <exception cref="ArgumentException">The pattern is not valid, or uses what .NET cannot express.</exception>
    public static string Translate(string pattern, string flags)
    {
        var translator = new JavaRegexTranslator(pattern, flags);
        translator.Sequence(topLevel: true);
        translator.EndRun(quantified: false);
        return translator.SettleSharpS(translator._out.ToString());
    }

    /// <summary>
    /// The .NET options of Jayway's flags: <c>m</c> makes <c>^</c> and <c>$</c> match at lines. <c>s</c>, <c>x</c>,
    /// <c>d</c>, <c>U</c> and <c>i</c> (with or without <c>u</c>) are carried out by the translation: .NET's IgnoreCase
    /// folds case its own way, which is neither Java's ASCII folding nor its Unicode one.
    /// </summary>
    public static RegexOptions Options(string flags)
    {
        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('m', StringComparison.Ordinal))
        {
            options |= RegexOptions.Multiline;
        }

        return options;
    }

    private bool AtEnd => _pos >= _pattern.Length;

    private char Current => _pattern[_pos];

    // Worded as .NET words its own pattern errors.
    private ArgumentException Error(string message) =>
        new("Invalid pattern '" + _pattern + "' at offset " + _pos.ToString(CultureInfo.InvariantCulture) + ". " + message);

    /// <summary>Translates until the end (top level) or the group's closing parenthesis (left unread).</summary>
    private void Sequence(bool topLevel)
    {
        var atomStart = -1; // where the last quantifiable atom starts in the output
        while (!AtEnd)
        {
            var c = Current;
            if (_comments && SkipWhiteSpaceOrComment())
            {
                continue;
            }

            if (c is '(' or ')' or '[' or '.' or '|' or '^' or '$')
            {
                EndRun(quantified: false);
            }

            switch (c)
            {
                case ')':
                    if (topLevel)
                    {
                        throw Error("Too many )'s.");
                    }

                    return;
                case '(':
                    // Bare inline flags (?i) are no atom: a quantifier after them has nothing to repeat.
                    var groupStart = _out.Length;
                    atomStart = Group() ? groupStart : -1;
                    break;
                case '[':
                    atomStart = _out.Length;
                    _out.Append(Class());
                    break;
                case '.':
                    atomStart = _out.Length;
                    _pos++;
                    _out.Append(_dotAll ? @"[\s\S]" : _unixLines ? "[^\\n]" : "[^" + LineTerminators + "]");
                    break;
                case '\\':
                    var quote = Escaped() == 'Q';
                    var literals = _literalCount;
                    atomStart = Escape();
                    if (_literalCount == literals && !quote)
                    {
                        EndRun(quantified: false); // a set, an anchor or a reference (an empty \Q\E is nothing)
                    }

                    break;
                case '*' or '+' or '?' or '{':
                    if (c == '{' && !IsQuantifierBrace())
                    {
                        throw Error("Illegal repetition: a '{' that does not start a quantifier must be escaped.");
                    }

                    if (atomStart < 0 && c == '{')
                    {
                        // Java reads a brace quantifier with no atom before it (at the start, after '|', '(', an
                        // anchor, inline flags or another quantifier) as repeating the empty text; '*', '+' and '?' it refuses.
                        atomStart = _out.Length;
                        _out.Append("(?:)");
                    }

                    if (atomStart < 0)
                    {
                        throw Error("Quantifier '" + c + "' following nothing.");
                    }

                    EndRun(quantified: true);
                    Quantifier(atomStart);
                    atomStart = -1;
                    break;
                case '|':
                    _out.Append('|');
                    _pos++;
                    atomStart = -1;
                    break;
                case '^' or '$':
                    _out.Append(c);
                    _pos++;
                    atomStart = -1;
                    break;
                default:
                    atomStart = _out.Length;
                    AppendLiteral(c);
                    _pos++;
                    break;
            }
        }

        if (!topLevel)
        {
            throw Error("Not enough )'s.");
        }
    }

    private bool SkipWhiteSpaceOrComment()
    {
        if (char.IsWhiteSpace(Current))
        {
            _pos++;
            return true;
        }

        if (Current == '#')
        {
            while (!AtEnd && Current is not ('\n' or '\r' or '\u0085' or '\u2028' or '\u2029'))
            {
                _pos++;
            }

            return true;
        }

        return false;
    }

    private bool IsQuantifierBrace()
    {
        var i = _pos + 1;
        var digits = 0;
        while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i]))
        {
            i++;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < _pattern.Length && _pattern[i] == ',')
        {
            i++;
            while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i]))
            {
                i++;
            }
        }

        return i < _pattern.Length && _pattern[i] == '}';
    }

    /// <summary>A quantifier, its lazy <c>?</c>, and a possessive <c>+</c> as an atomic group around the atom.</summary>
    private void Quantifier(int atomStart)
    {
        var start = _pos;
        if (Current == '{')
        {
            _pos = _pattern.IndexOf('}', _pos) + 1;
        }
        else
        {
            _pos++;
        }

        var quantifier = _pattern[start.._pos];
        if (!AtEnd && Current == '+')
        {
            _pos++;
            _out.Insert(atomStart, "(?>");
            _out.Append(quantifier).Append(')');
            return;
        }

        _out.Append(quantifier);
        if (!AtEnd && Current == '?')
        {
            _out.Append('?');
            _pos++;
        }
    }

    private void SetMode(char flag, bool on)
    {
        switch (flag)
        {
            case 'x':
                _comments = on;
                break;
            case 's':
                _dotAll = on;
                break;
            case 'd':
                _unixLines = on;
                break;
            case 'U':
                // UNICODE_CHARACTER_CLASS brings UNICODE_CASE with it, and takes it away again with (?-U).
                _unicodeClasses = on;
                _unicodeCase = on;
                break;
            case 'u':
                _unicodeCase = on;
                break;
            case 'i':
                _ignoreCase = on;
                break;
        }
    }

    // Java reads a run of literal characters as one atom, a "slice" (but for the last one before a quantifier), and a
    // lone one as a "single", and with UNICODE_CASE the two fold case differently for one character: a slice compares
    // the lower case of the upper case, so ß (its own upper case) matches ẞ (whose lower case is ß); a single ß, whose
    // upper and lower case are the same, matches only itself. Each ß is written with a marker, settled once its run's
    // length is known.
    private readonly List<(int Run, int Index)> _sharpS = [];
    private readonly List<(int Length, bool Quantified)> _runs = [];
    private int _runLength;
    private int _literalCount;

    /// <summary>Ends the run of literal characters being read (if any): a quantifier follows it, or something else.</summary>
    private void EndRun(bool quantified)
    {
        if (_runLength > 0)
        {
            _runs.Add((_runLength, quantified));
            _runLength = 0;
        }
    }

    private const string SharpSMarker = "(?#sharp s ";

    /// <summary>Each marked ß as Java reads it: alone (or split off before a quantifier) itself, in a slice its class.</summary>
    private string SettleSharpS(string translated)
    {
        if (_sharpS.Count == 0)
        {
            return translated;
        }

        return Regex.Replace(translated, Regex.Escape(SharpSMarker) + @"([0-9]+)\)(\[[^\]]*\])", m =>
        {
            var (run, index) = _sharpS[int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)];
            var (length, quantified) = _runs[run];
            var single = length == 1 || (quantified && (index == length || (index == 1 && length == 2)));
            return single ? UnicodeEscape('\u00DF') : m.Groups[2].Value;
        });
    }

    /// <summary>
    /// A character that stands for itself, outside a class. Ignoring ASCII case, a letter is a class of both cases;
    /// ignoring Unicode case, a character is the class of those with the same lower case of their upper case.
    /// </summary>
    private void AppendLiteral(char c)
    {
        _literalCount++;
        _runLength++;
        if (UnicodeCaseFolding && c == '\u00DF' && JavaCase.SameKey(c).Length > 1)
        {
            _out.Append(SharpSMarker).Append(_sharpS.Count.ToString(CultureInfo.InvariantCulture)).Append(')');
            _sharpS.Add((_runs.Count, _runLength));
        }

        if (AsciiCaseFolding && char.IsAsciiLetter(c))
        {
            _out.Append('[').Append(char.ToLowerInvariant(c)).Append(char.ToUpperInvariant(c)).Append(']');
        }
        else if (UnicodeCaseFolding && JavaCase.SameKey(c) is { Length: > 1 } same)
        {
            _out.Append('[');
            foreach (var member in same)
            {
                _out.Append(UnicodeEscape(member));
            }

            _out.Append(']');
        }
        else
        {
            _out.Append(Regex.Escape(c.ToString()));
        }
    }

    /// <summary>A group; false for bare inline flags.</summary>
    private bool Group()
    {
        // Inline flags inside the group (and (?flags:...) on it) end with it.
        var modes = (_comments, _dotAll, _unixLines, _unicodeClasses, _ignoreCase, _unicodeCase);
        Nest();
        var group = GroupBody();
        if (group)
        {
            (_comments, _dotAll, _unixLines, _unicodeClasses, _ignoreCase, _unicodeCase) = modes;
        }

        _depth--;
        return group;
    }

    /// <summary>
    /// How deep groups and classes may nest: the translation recurses, and a hostile pattern of thousands of nested
    /// groups would overflow the stack (Java's own compiler recurses too, and fails on such a pattern).
    /// </summary>
    internal const int MaxDepth = 256;

    private int _depth;

    private void Nest()
    {
        if (++_depth > MaxDepth)
        {
            throw Error("Groups and classes nest more than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " deep.");
        }
    }

    /// <summary>A group; false for bare inline flags <c>(?s)</c>, which hold to the end of the enclosing group.</summary>
    private bool GroupBody()
    {
        _pos++; // (
        if (!AtEnd && Current == '?')
        {
            var rest = _pattern.AsSpan(_pos + 1);
            if (rest.StartsWith("<=") || rest.StartsWith("<!") || rest.Length > 0 && rest[0] is ':' or '=' or '!' or '>')
            {
                var length = rest.StartsWith("<") ? 3 : 2;
                _out.Append('(').Append(_pattern, _pos, length);
                _pos += length;
            }
            else if (rest.StartsWith("<"))
            {
                var close = _pattern.IndexOf('>', _pos);
                if (close < 0)
                {
                    throw Error("Unterminated group name.");
                }

                _out.Append('(').Append(_pattern, _pos, close + 1 - _pos);
                _pos = close + 1;
            }
            else
            {
                // Inline flags: (?idmsuxU-idmsuxU) or (?flags:...). .NET has i, m, s, x (and n); d, u and U are Java's.
                // Case folding (i, u) is the translation's; .NET's own i is never used.
                var end = _pos + 1;
                var on = new StringBuilder();
                var off = new StringBuilder();
                var negative = false;
                while (end < _pattern.Length && _pattern[end] is not (')' or ':'))
                {
                    var flag = _pattern[end];
                    if (flag == '-')
                    {
                        negative = true;
                    }
                    else if ("idmsuxU".IndexOf(flag, StringComparison.Ordinal) < 0)
                    {
                        throw Error("Unknown inline flag '" + flag + "'.");
                    }
                    else
                    {
                        SetMode(flag, !negative);
                        if (flag == 'm')
                        {
                            (negative ? off : on).Append(flag);
                        }
                    }

                    end++;
                }

                if (end >= _pattern.Length)
                {
                    throw Error("Unterminated inline flags.");
                }

                var flags = on.ToString() + (off.Length > 0 ? "-" + off : string.Empty);
                if (_pattern[end] == ')')
                {
                    _pos = end + 1;
                    if (flags.Length > 0)
                    {
                        _out.Append("(?").Append(flags).Append(')');
                    }

                    return false;
                }

                _pos = end + 1;
                _out.Append("(?").Append(flags).Append(':');
            }
        }
        else
        {
            _out.Append('(');
        }

        Sequence(topLevel: false);
        _out.Append(')');
        _pos++; // )
        return true;
    }

    /// <summary>An escape outside a class; returns where its last quantifiable atom starts in the output.</summary>
    private int Escape()
    {
        var atomStart = _out.Length;
        var c = Escaped();
        switch (c)
        {
            case 'Q':
                // Each quoted character is an atom of its own: a quantifier after \E repeats the last one, as in Java.
                foreach (var q in ReadQuoted())
                {
                    atomStart = _out.Length;
                    AppendLiteral(q);
                }

                return atomStart;
            case 'R':
                _pos += 2;
                _out.Append(@"(?:\r\n|[" + VerticalSpace + "])");
                return atomStart;
            case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                _pos += 2;
                _out.Append('\\').Append(c);
                return atomStart;
            case 'k':
                var close = _pattern.IndexOf('>', _pos);
                if (_pos + 2 >= _pattern.Length || _pattern[_pos + 2] != '<' || close < 0)
                {
                    throw Error(@"Malformed \k<...> named back reference.");
                }

                AppendBackReference(_pattern[_pos..(close + 1)]);
                _pos = close + 1;
                return atomStart;
            case >= '1' and <= '9':
                // A back reference (its digits as .NET reads them too).
                _pos++;
                var start = _pos;
                while (!AtEnd && char.IsAsciiDigit(Current))
                {
                    _pos++;
                }

                AppendBackReference("\\" + _pattern[start.._pos]);
                return atomStart;
            default:
                var item = ClassEscape(inClass: false);
                if (item.Single is >= 0 and <= char.MaxValue)
                {
                    AppendLiteral((char)item.Single);
                }
                else
                {
                    _out.Append(item.Text);
                }

                return atomStart;
        }
    }

    /// <summary>
    /// A back reference. Ignoring case, Java compares the captured text folding ASCII letters (or, with <c>u</c>, by
    /// the lower case of the upper case); .NET cannot compare a reference its way, so it folds as .NET's IgnoreCase
    /// does (an approximation: beyond ASCII too without <c>u</c>, and narrower than Java's with it).
    /// </summary>
    private void AppendBackReference(string reference) =>
        _out.Append(_ignoreCase ? "(?i:" + reference + ")" : reference);

    /// <summary>The character after the backslash at the current position.</summary>
    private char Escaped() => _pos + 1 < _pattern.Length ? _pattern[_pos + 1] : throw Error("Illegal \\\\ at end of pattern.");

    /// <summary>The text of the <c>\Q...\E</c> quote at the current position (to the pattern's end without <c>\E</c>), read past.</summary>
    private string ReadQuoted()
    {
        _pos += 2;
        var end = _pattern.IndexOf(@"\E", _pos, StringComparison.Ordinal);
        var quoted = end < 0 ? _pattern[_pos..] : _pattern[_pos..end];
        _pos = end < 0 ? _pattern.Length : end + 2;
        return quoted;
    }

    /// <summary>
    /// What an escape or a character stands for: its .NET text; the one character it is (-1: a set, which cannot
    /// bound a range); and, in a class, whether the text is a whole class of its own (a complement such as <c>\D</c>:
    /// .NET has no complement item inside a class, so the class takes it as a nested one).
    /// </summary>
    private readonly record struct Item(string Text, int Single = -1, bool WholeClass = false);

    /// <summary>
    /// An escape that stands for one character or a set (in or out of a class): the text for .NET, a class body
    /// (<paramref name="inClass"/>) or an atom.
    /// </summary>
    private Item ClassEscape(bool inClass)
    {
        var c = _pattern[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'd':
                return Set(_unicodeClasses ? @"\d" : "0-9", inClass);
            case 'D':
                return NotSet(_unicodeClasses ? @"\d" : "0-9", inClass);
            case 'w':
                return Set(_unicodeClasses ? @"\w" : "a-zA-Z_0-9", inClass);
            case 'W':
                return NotSet(_unicodeClasses ? @"\w" : "a-zA-Z_0-9", inClass);
            case 's':
                return Set(_unicodeClasses ? @"\s" : AsciiSpace, inClass);
            case 'S':
                return NotSet(_unicodeClasses ? @"\s" : AsciiSpace, inClass);
            case 'h':
                return Set(HorizontalSpace, inClass);
            case 'H':
                return NotSet(HorizontalSpace, inClass);
            case 'v':
                return Set(VerticalSpace, inClass);
            case 'V':
                return NotSet(VerticalSpace, inClass);
            case 'p' or 'P':
                return Property(c == 'P', inClass);
            case 'x':
                return Character(HexEscape(), inClass);
            case 'u':
                if (_pos + 4 > _pattern.Length || !int.TryParse(_pattern.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
                {
                    throw Error(@"Insufficient hex digits after \u.");
                }

                _pos += 4;
                return Character(unit, inClass);
            case '0':
                return Character(OctalEscape(), inClass);
            case 't':
                return Character('\t', inClass);
            case 'n':
                return Character('\n', inClass);
            case 'r':
                return Character('\r', inClass);
            case 'f':
                return Character('\f', inClass);
            case 'a':
                return Character('\a', inClass);
            case 'e':
                return Character('\u001B', inClass);
            case 'c':
                if (AtEnd)
                {
                    throw Error(@"Missing control character after \c.");
                }

                var control = Current ^ 64;
                _pos++;
                return Character(control, inClass);
            case 'X' or 'N':
                throw Error(@"\" + c + " has no .NET equivalent.");
            default:
                if (char.IsAsciiLetterOrDigit(c))
                {
                    throw Error(@"Unrecognized escape sequence \" + c + ".");
                }

                // An escaped character that is not a letter or digit is itself.
                return Character(c, inClass);
        }
    }

    /// <summary>A set (<c>\d</c>, <c>\p{L}</c> ...): Java does not fold its case (but see <see cref="CaseInsensitiveClass"/>).</summary>
    private static Item Set(string body, bool inClass) => new(inClass ? body : "[" + body + "]");

    /// <summary>The complement of a set: a whole class, in a class too.</summary>
    private static Item NotSet(string body, bool inClass) => new("[^" + body + "]", WholeClass: inClass);

    private Item Character(int code, bool inClass)
    {
        if (code <= char.MaxValue)
        {
            return new(UnicodeEscape(code), code);
        }

        return inClass
            ? throw Error("A character beyond U+FFFF cannot be in a class here.")
            : new(Regex.Escape(char.ConvertFromUtf32(code)), code);
    }

    private static string UnicodeEscape(int code) => @"\u" + code.ToString("X4", CultureInfo.InvariantCulture);

    private int HexEscape()
    {
        if (!AtEnd && Current == '{')
        {
            var close = _pattern.IndexOf('}', _pos);
            if (close < 0 || !int.TryParse(_pattern.AsSpan(_pos + 1, close - _pos - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
            {
                throw Error(@"Malformed \x{...}: a code point in hexadecimal.");
            }

            _pos = close + 1;
            return code;
        }

        if (_pos + 2 > _pattern.Length || !int.TryParse(_pattern.AsSpan(_pos, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(@"Insufficient hex digits after \x.");
        }

        _pos += 2;
        return value;
    }

    /// <summary>Java's <c>\0n</c>, <c>\0nn</c>, <c>\0mnn</c> (m at most 3).</summary>
    private int OctalEscape()
    {
        var value = 0;
        var digits = 0;
        while (!AtEnd && Current is >= '0' and <= '7' && digits < 3)
        {
            var next = (value * 8) + (Current - '0');
            if (next > 255)
            {
                break;
            }

            value = next;
            digits++;
            _pos++;
        }

        if (digits == 0)
        {
            throw Error(@"Illegal octal escape sequence.");
        }

        return value;
    }

    /// <summary><c>\p{...}</c>: the POSIX classes (ASCII; Unicode with <c>U</c>), <c>javaLowerCase</c>-style ones, and the rest as .NET reads them.</summary>
    private Item Property(bool negated, bool inClass)
    {
        string name;
        if (!AtEnd && Current == '{')
        {
            var close = _pattern.IndexOf('}', _pos);
            if (close < 0)
            {
                throw Error(@"Incomplete \p{X} character escape.");
            }

            name = _pattern[(_pos + 1)..close];
            _pos = close + 1;
        }
        else if (!AtEnd)
        {
            name = Current.ToString();
            _pos++;
        }
        else
        {
            throw Error(@"Incomplete \p{X} character escape.");
        }

        var body = (_ignoreCase ? CaseInsensitiveClass(name) : null) ?? PosixClass(name) ?? JavaClass(name) ?? (@"\p{" + GeneralCategory(name) + "}");
        return negated ? NotSet(body, inClass) : Set(body, inClass);
    }

    /// <summary>
    /// What Java's case-insensitive matching (with or without <c>u</c>) makes of a cased class: <c>\p{Lower}</c> and
    /// <c>\p{Upper}</c> match both cases of the ASCII letters; the categories Lu, Ll and Lt, and the Java and Unicode
    /// properties of case (<c>javaLowerCase</c>, <c>IsUppercase</c> ...), match every cased letter (Lu, Ll and Lt).
    /// </summary>
    private string? CaseInsensitiveClass(string name)
    {
        const string CasedLetters = @"\p{Lu}\p{Ll}\p{Lt}";
        return name switch
        {
            "Lower" or "Upper" => _unicodeClasses ? CasedLetters : "a-zA-Z",
            "javaLowerCase" or "javaUpperCase" or "javaTitleCase" or "IsLowercase" or "IsUppercase" or "IsTitlecase" => CasedLetters,
            _ => GeneralCategory(name) is "Lu" or "Ll" or "Lt" ? CasedLetters : null,
        };
    }

    private string? PosixClass(string name) => name switch
    {
        "Lower" => _unicodeClasses ? @"\p{Ll}" : "a-z",
        "Upper" => _unicodeClasses ? @"\p{Lu}" : "A-Z",
        "ASCII" => @"\x00-\x7F",
        "Alpha" => _unicodeClasses ? @"\p{L}" : "a-zA-Z",
        "Digit" => _unicodeClasses ? @"\d" : "0-9",
        "Alnum" => _unicodeClasses ? @"\p{L}\d" : "a-zA-Z0-9",
        "Punct" => _unicodeClasses ? @"\p{P}" : @"!-/:-@\[-`{-~",
        "Graph" => @"!-~",
        "Print" => @" -~",
        "Blank" => @" \t",
        "Cntrl" => @"\x00-\x1F\x7F",
        "XDigit" => "0-9a-fA-F",
        "Space" => _unicodeClasses ? @"\s" : AsciiSpace,
        _ => null,
    };

    private static string? JavaClass(string name) => name switch
    {
        "javaLowerCase" => @"\p{Ll}",
        "javaUpperCase" => @"\p{Lu}",
        "javaTitleCase" or "IsTitlecase" => @"\p{Lt}",
        "javaWhitespace" => @"\t-\r\x1C-\x20\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000",
        "IsAlphabetic" or "Alphabetic" => @"\p{L}\p{Nl}",
        "IsLetter" or "IsL" => @"\p{L}",
        "IsDigit" => @"\p{Nd}",
        "IsWhite_Space" or "IsWhiteSpace" => @"\s",
        "IsPunctuation" => @"\p{P}",
        "IsUppercase" => @"\p{Lu}",
        "IsLowercase" => @"\p{Ll}",
        _ => null,
    };

    /// <summary>A general category or block as .NET names it: Java's <c>IsLu</c>, <c>gc=Lu</c>, <c>InGreek</c>.</summary>
    private static string GeneralCategory(string name)
    {
        if (name.StartsWith("gc=", StringComparison.Ordinal) || name.StartsWith("general_category=", StringComparison.Ordinal))
        {
            return name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        if (name.StartsWith("In", StringComparison.Ordinal) && name.Length > 2)
        {
            return "Is" + name[2..]; // a block (.NET names blocks Is...)
        }

        if (name.StartsWith("Is", StringComparison.Ordinal) && name.Length is 3 or 4)
        {
            return name[2..]; // IsL, IsLu: a general category
        }

        return name;
    }

    /// <summary>
    /// A character class: its items (characters, ranges, escapes, nested classes) joined, <c>&amp;&amp;</c>
    /// intersections, negation. A flat class becomes a .NET class; nested ones, lookaheads over single-character
    /// alternatives (which match one character, as a class does).
    /// </summary>
    private string Class()
    {
        Nest();
        var text = ClassBody();
        _depth--;
        return text;
    }

    private string ClassBody()
    {
        _pos++; // [
        var negated = false;
        if (!AtEnd && Current == '^')
        {
            negated = true;
            _pos++;
        }

        var operands = new List<string>(); // each matches one character: the operands of &&
        var flat = new StringBuilder(); // characters, ranges and sets of the current operand
        var nested = new List<string>(); // nested classes of the current operand (a union with flat)
        var first = true;
        while (true)
        {
            if (AtEnd)
            {
                throw Error("Unterminated [] set.");
            }

            if (_comments && char.IsWhiteSpace(Current))
            {
                _pos++;
                continue;
            }

            var c = Current;
            if (c == ']' && !first)
            {
                _pos++;
                break;
            }

            first = false;
            if (c == '[')
            {
                nested.Add(Class());
                continue;
            }

            if (c == '&' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] == '&')
            {
                _pos += 2;
                operands.Add(Union(flat, nested));
                flat.Clear();
                nested.Clear();
                continue;
            }

            var low = ClassAtom();
            if (low.WholeClass)
            {
                nested.Add(low.Text);
                continue;
            }

            if (low.Single >= 0 && _pos + 1 < _pattern.Length && Current == '-' && _pattern[_pos + 1] != ']')
            {
                _pos++; // -
                var high = ClassAtom();
                if (high.Single < 0)
                {
                    throw Error("A subtraction or set cannot end a range.");
                }

                if (high.Single < low.Single)
                {
                    throw Error("[x-y] range in reverse order.");
                }

                flat.Append(low.Text).Append('-').Append(high.Text);
                AppendOtherCase(flat, low.Single, high.Single, range: true);
                continue;
            }

            flat.Append(low.Text);
            if (low.Single >= 0)
            {
                AppendOtherCase(flat, low.Single, low.Single, range: false);
            }
        }

        var flatCount = flat.Length;
        var nestedCount = nested.Count;
        operands.Add(Union(flat, nested));
        string result;
        if (operands.Count == 1)
        {
            result = operands[0];
        }
        else
        {
            // Each operand but the last as a lookahead, the last consuming the character.
            var sb = new StringBuilder("(?:");
            for (var i = 0; i < operands.Count - 1; i++)
            {
                sb.Append("(?=").Append(operands[i]).Append(')');
            }

            result = sb.Append(operands[^1]).Append(')').ToString();
        }

        if (!negated)
        {
            return result;
        }

        return operands.Count == 1 && nestedCount == 0 && flatCount > 0
            ? "[^" + result[1..]
            : @"(?:(?!" + result + @")[\s\S])";
    }

    /// <summary>
    /// Ignoring case, appends to a class what matches the characters from <paramref name="low"/> to
    /// <paramref name="high"/> in other cases: the ASCII letters' other case; or, with <c>u</c>, as Java matches a
    /// class's range (a character whose upper case, or the lower case of that, is in it) or single character.
    /// </summary>
    private void AppendOtherCase(StringBuilder flat, int low, int high, bool range)
    {
        if (UnicodeCaseFolding && high <= char.MaxValue)
        {
            foreach (var other in range ? JavaCase.InRange(low, high) : JavaCase.ClassSingle((char)low))
            {
                flat.Append(UnicodeEscape(other));
            }

            return;
        }

        if (!AsciiCaseFolding)
        {
            return;
        }

        foreach (var (first, last, shift) in new[] { ('A', 'Z', 32), ('a', 'z', -32) })
        {
            var from = Math.Max(low, first);
            var to = Math.Min(high, last);
            if (from <= to)
            {
                flat.Append(UnicodeEscape(from + shift)).Append('-').Append(UnicodeEscape(to + shift));
            }
        }
    }

    private static string Union(StringBuilder flat, List<string> nested)
    {
        if (nested.Count == 0)
        {
            return flat.Length == 0 ? "[^\\s\\S]" : "[" + flat + "]";
        }

        var alternatives = new List<string>();
        if (flat.Length > 0)
        {
            alternatives.Add("[" + flat + "]");
        }

        alternatives.AddRange(nested);
        return alternatives.Count == 1 ? alternatives[0] : "(?:" + string.Join("|", alternatives) + ")";
    }

    /// <summary>One item of a class: a character, an escape, or a quote (a set of its characters).</summary>
    private Item ClassAtom()
    {
        var c = Current;
        if (c != '\\')
        {
            _pos++;
            return Character(c, inClass: true);
        }

        if (Escaped() != 'Q')
        {
            return ClassEscape(inClass: true);
        }

        var quoted = new StringBuilder();
        foreach (var q in ReadQuoted())
        {
            quoted.Append(UnicodeEscape(q));
            AppendOtherCase(quoted, q, q, range: false);
        }

        return new(quoted.ToString());
    }

    /// <summary>
    /// Java's Unicode case folding (CASE_INSENSITIVE with UNICODE_CASE), from the simple case mappings
    /// (<see cref="char.ToUpperInvariant"/>, <see cref="char.ToLowerInvariant"/>, and the dotted and dotless i and the
    /// long s, as Java's <c>Character.toUpperCase</c> and <c>toLowerCase</c> of a <c>char</c>): a literal matches the
    /// characters whose key, the lower case of the upper case, is its own; a class's range matches a character whose
    /// upper case, or the key, is in it; a class's single character below U+0100 matches its lower and upper case (but
    /// for those whose case reaches past U+00FF, which match as a literal does).
    /// </summary>
    private static class JavaCase
    {
        private static readonly Lazy<Tables> Data = new(Build);

        private sealed record Tables(char[] Upper, char[] Key, Dictionary<char, char[]> ByKey, char[] Cased);

        private static Tables Build()
        {
            var upper = new char[char.MaxValue + 1];
            var key = new char[char.MaxValue + 1];
            var byKey = new Dictionary<char, List<char>>();
            var cased = new List<char>();
            for (var i = 0; i <= char.MaxValue; i++)
            {
                var c = (char)i;
                upper[i] = Upper(c);
                key[i] = Lower(upper[i]);
                if (upper[i] != c || key[i] != c)
                {
                    cased.Add(c);
                }

                if (!byKey.TryGetValue(key[i], out var list))
                {
                    byKey[key[i]] = list = [];
                }

                list.Add(c);
            }

            return new Tables(upper, key, byKey.Where(p => p.Value.Count > 1).ToDictionary(p => p.Key, p => p.Value.ToArray()), [.. cased]);
        }

        // Java's simple mappings are Unicode's; .NET's invariant ones (under invariant globalization, as this project
        // runs) leave out those of the dotted and dotless i and the long s, which reach ASCII from outside it.
        private static char Upper(char c) => c switch
        {
            '\u0131' => 'I',
            '\u017F' => 'S',
            _ => char.ToUpperInvariant(c),
        };

        private static char Lower(char c) => c == '\u0130' ? 'i' : char.ToLowerInvariant(c);

        /// <summary>The characters a literal <paramref name="c"/> matches (those with its key), itself included.</summary>
        public static char[] SameKey(char c)
        {
            var data = Data.Value;
            return data.ByKey.TryGetValue(data.Key[c], out var same) ? same : [c];
        }

        /// <summary>
        /// What a class's single character matches besides itself: below U+0100, its lower and upper case (Java keeps
        /// those in a bit set, but for ÿ, µ, i, s, k and å in either case, whose other forms lie past U+00FF); else, when
        /// its upper case has another lower case, what a literal matches.
        /// </summary>
        public static IEnumerable<char> ClassSingle(char c)
        {
            var data = Data.Value;
            if (c < 0x100 && c is not ('\u00FF' or '\u00B5' or 'I' or 'i' or 's' or 'S' or 'K' or 'k' or '\u00C5' or '\u00E5'))
            {
                return [Lower(c), data.Upper[c]];
            }

            return data.Upper[c] != data.Key[c] ? [data.Key[c], .. SameKey(c)] : [];
        }

        /// <summary>The characters outside a class's range whose upper case, or its lower case, is in the range.</summary>
        public static IEnumerable<char> InRange(int low, int high)
        {
            var data = Data.Value;
            foreach (var c in data.Cased)
            {
                if ((c < low || c > high) && ((data.Upper[c] >= low && data.Upper[c] <= high) || (data.Key[c] >= low && data.Key[c] <= high)))
                {
                    yield return c;
                }
            }
        }
    }
}
