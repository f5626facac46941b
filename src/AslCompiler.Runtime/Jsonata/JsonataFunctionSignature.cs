using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// A function signature (<c>&lt;s-nn?:s&gt;</c>) compiled for argument validation: each argument's type symbol is
/// written into a string that a regex built from the signature must match, as JSONata does.
/// </summary>
internal sealed class JsonataFunctionSignature
{
    private static readonly ConcurrentDictionary<string, JsonataFunctionSignature> Cache = new(StringComparer.Ordinal);

    private readonly List<Parameter> _parameters;
    private readonly Regex _regex;
    private readonly ConcurrentDictionary<string, string[]?> _groupsByTypes = new(StringComparer.Ordinal);

    private JsonataFunctionSignature(List<Parameter> parameters)
    {
        _parameters = parameters;
        var sb = new StringBuilder("^");
        foreach (var p in parameters)
        {
            sb.Append('(').Append(p.Regex).Append(')');
        }

        sb.Append('$');
        _regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    public int ParameterCount => _parameters.Count;

    public static JsonataFunctionSignature Parse(string definition) => Cache.GetOrAdd(definition, Build);

    private static JsonataFunctionSignature Build(string signature)
    {
        var parameters = new List<Parameter>();
        Parameter? previous = null;
        var position = 1;
        while (position < signature.Length)
        {
            var symbol = signature[position];
            if (symbol == ':')
            {
                break;
            }

            Parameter? next = null;
            switch (symbol)
            {
                case 's':
                case 'n':
                case 'b':
                case 'l':
                case 'o':
                    next = new Parameter { Regex = "[" + symbol + "m]", Type = symbol.ToString() };
                    break;
                case 'a':
                    next = new Parameter { Regex = "[asnblfom]", Type = "a" };
                    break;
                case 'f':
                    next = new Parameter { Regex = "f", Type = "f" };
                    break;
                case 'j':
                    next = new Parameter { Regex = "[asnblom]", Type = "j" };
                    break;
                case 'x':
                    next = new Parameter { Regex = "[asnblfom]", Type = "x" };
                    break;
                case '-':
                    if (previous is not null)
                    {
                        previous.Context = true;
                        previous.ContextRegex = new Regex("^" + previous.Regex, RegexOptions.CultureInvariant);
                        previous.Regex += "?";
                    }

                    break;
                case '?':
                case '+':
                    if (previous is not null)
                    {
                        previous.Regex += symbol;
                    }

                    break;
                case '(':
                    var end = FindClosing(signature, position, '(', ')');
                    var choice = signature.Substring(position + 1, Math.Max(0, end - position - 1));
                    next = new Parameter { Regex = "[" + choice + "m]", Type = "(" + choice + ")" };
                    position = end;
                    break;
                case '<':
                    if (previous is not null)
                    {
                        var endAngle = FindClosing(signature, position, '<', '>');
                        previous.Subtype = signature.Substring(position + 1, Math.Max(0, endAngle - position - 1));
                        position = endAngle;
                    }

                    break;
            }

            if (next is not null)
            {
                parameters.Add(next);
                previous = next;
            }

            position++;
        }

        return new JsonataFunctionSignature(parameters);
    }

    private static int FindClosing(string text, int start, char open, char close)
    {
        var depth = 1;
        var position = start;
        while (position < text.Length - 1)
        {
            position++;
            var c = text[position];
            if (c == close)
            {
                depth--;
                if (depth == 0)
                {
                    break;
                }
            }
            else if (c == open)
            {
                depth++;
            }
        }

        return position;
    }

    public static char Symbol(object? value) => value switch
    {
        null => 'm',
        JsonataFunction => 'f',
        string => 's',
        double => 'n',
        bool => 'b',
        JsonataNull => 'l',
        JsonataArray => 'a',
        _ => 'o',
    };

    public object?[] Validate(object?[] args, object? context)
    {
        var supplied = new char[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            supplied[i] = Symbol(args[i]);
        }

        var suppliedSig = new string(supplied);

        // The regex outcome depends only on the argument types: cache the groups per type string.
        if (!_groupsByTypes.TryGetValue(suppliedSig, out var groups))
        {
            var match = _regex.Match(suppliedSig);
            groups = null;
            if (match.Success)
            {
                groups = new string[_parameters.Count];
                for (var g = 0; g < groups.Length; g++)
                {
                    groups[g] = match.Groups[g + 1].Value;
                }
            }

            if (_groupsByTypes.Count < 256)
            {
                _groupsByTypes[suppliedSig] = groups;
            }
        }

        if (groups is null)
        {
            throw ValidationError(args, suppliedSig);
        }

        var validated = new List<object?>(Math.Max(args.Length, _parameters.Count));
        var argIndex = 0;
        for (var index = 0; index < _parameters.Count; index++)
        {
            var param = _parameters[index];
            var arg = argIndex < args.Length ? args[argIndex] : null;
            var group = groups[index];
            if (group.Length == 0)
            {
                if (param.Context && param.ContextRegex is not null)
                {
                    var contextType = Symbol(context);
                    if (param.ContextRegex.IsMatch(contextType.ToString()))
                    {
                        validated.Add(context);
                    }
                    else
                    {
                        throw new JsonataException("T0411") { Value = context, HasValue = true, Index = argIndex + 1 };
                    }
                }
                else
                {
                    validated.Add(arg);
                    argIndex++;
                }
            }
            else
            {
                foreach (var single in group)
                {
                    arg = argIndex < args.Length ? args[argIndex] : null;
                    if (param.Type == "a")
                    {
                        if (single == 'm')
                        {
                            arg = null;
                        }
                        else
                        {
                            var arrayOk = true;
                            if (param.Subtype is not null)
                            {
                                if (single != 'a' && group != param.Subtype)
                                {
                                    arrayOk = false;
                                }
                                else if (single == 'a' && arg is JsonataArray list && list.Count > 0)
                                {
                                    var itemType = Symbol(list[0]);
                                    if (itemType != param.Subtype[0])
                                    {
                                        arrayOk = false;
                                    }
                                    else
                                    {
                                        foreach (var item in list)
                                        {
                                            if (Symbol(item) != itemType)
                                            {
                                                arrayOk = false;
                                                break;
                                            }
                                        }
                                    }
                                }
                            }

                            if (!arrayOk)
                            {
                                throw new JsonataException("T0412")
                                {
                                    Value = arg,
                                    HasValue = true,
                                    Index = argIndex + 1,
                                    TypeName = ArrayTypeName(param.Subtype!),
                                };
                            }

                            if (single != 'a')
                            {
                                var wrapped = new JsonataArray(1) { Sequence = false };
                                wrapped.Add(arg);
                                arg = wrapped;
                            }
                        }
                    }

                    validated.Add(arg);
                    argIndex++;
                }
            }
        }

        return validated.ToArray();
    }

    private static string ArrayTypeName(string subtype) => subtype switch
    {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        _ => subtype,
    };

    private JsonataException ValidationError(object?[] args, string suppliedSig)
    {
        var partial = new StringBuilder("^");
        var goodTo = 0;
        foreach (var p in _parameters)
        {
            partial.Append(p.Regex);
            var m = Regex.Match(suppliedSig, partial.ToString(), RegexOptions.CultureInvariant);
            if (!m.Success)
            {
                break;
            }

            goodTo = m.Length;
        }

        return new JsonataException("T0410")
        {
            Value = goodTo < args.Length ? args[goodTo] : null,
            HasValue = true,
            Index = goodTo + 1,
        };
    }

    private sealed class Parameter
    {
        public string Regex { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public string? Subtype { get; set; }

        public bool Context { get; set; }

        public Regex? ContextRegex { get; set; }
    }
}
