using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using AslCompiler.Generator.Specs;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator;

/// <summary>Reads definitions into <see cref="DefinitionSpec"/>s: names, state constants, handler methods, the compiled program or the errors.</summary>
public sealed partial class AslGenerator
{
    private const string LambdaInvoke = "arn:aws:states:::lambda:invoke";

    /// <summary>The HTTP Task: the runtime makes the call itself (HttpTaskHandler), so it needs no handler method.</summary>
    private const string HttpInvoke = "arn:aws:states:::http:invoke";

    private const string ServiceIntegrationPrefix = "arn:aws:states:::";

    /// <summary>ASL0002's message (the analyzer's and a shell's).</summary>
    internal const string EmptyDefinitionMessage = "The definition is empty: write a state machine as a JSON object with StartAt and States.";

    private static readonly char[] SegmentSeparators = { ':', '/' };

    private static DefinitionSourceSpec ReadFile(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var global = options.GlobalOptions;
        global.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        global.TryGetValue("build_property.ProjectDir", out var projectDir);
        var fileOptions = options.GetOptions(file);
        fileOptions.TryGetValue("build_metadata.AdditionalFiles.AslClassName", out var className);
        fileOptions.TryGetValue("build_metadata.AdditionalFiles.AslInputType", out var inputType);
        fileOptions.TryGetValue("build_metadata.AdditionalFiles.AslOutputType", out var outputType);
        fileOptions.TryGetValue("build_metadata.AdditionalFiles.Link", out var link);
        fileOptions.TryGetValue(SubstitutionsMetadata, out var substitutions);
        var text = file.GetText(cancellationToken);
        string? written = null;
        if (text is not null && !string.IsNullOrWhiteSpace(substitutions) && Substitute(text.ToString(), substitutions) is { Count: > 0 } substituted)
        {
            written = WithoutWhitespace(text);
            text = SourceText.From(substituted.Text);
        }

        var source = text is null ? null : WithoutWhitespace(text);
        return new DefinitionSourceSpec(
            file.Path,
            LinkedPathOf(link) ?? RelativePathOf(file.Path, projectDir),
            source,
            rootNamespace?.Trim() ?? string.Empty,
            className?.Trim() ?? string.Empty,
            inputType?.Trim() ?? string.Empty,
            outputType?.Trim() ?? string.Empty,
            Blank: source is { Length: 0 } && text!.Length > 0,
            Length: text is { Length: > MaxDefinitionLength } ? text.Length : 0, // 0 within the limit: a whitespace edit changes nothing
            Substitutions: substitutions?.Trim() ?? string.Empty,
            Written: written);
    }

    /// <summary>The item metadata with a definition's placeholder values: <c>AslDefinitionSubstitutions="Name=value;Other=value"</c>.</summary>
    internal const string SubstitutionsMetadata = "build_metadata.AdditionalFiles.AslDefinitionSubstitutions";

    /// <summary>
    /// The definition with its <c>AslDefinitionSubstitutions</c> placeholders replaced (CloudFormation's
    /// DefinitionSubstitutions); null without a list, or with one that does not read (ASL1014, <see cref="ReadSubstitutions"/>).
    /// </summary>
    internal static SubstitutedDefinition? Substitute(string text, string? list) => ReadSubstitutions(list, out _)?.Apply(text);

    /// <summary>
    /// Reads an <c>AslDefinitionSubstitutions</c> list: its substitutions, or null with ASL1014's message when it does
    /// not read; null with no message without a list.
    /// </summary>
    private static DefinitionSubstitutions? ReadSubstitutions(string? list, out string? problem)
    {
        problem = null;
        list = list?.Trim();
        if (list is not { Length: > 0 })
        {
            return null;
        }

        if (list.StartsWith("$([", StringComparison.Ordinal))
        {
            // The props' target that turns ';' and line breaks into ',' (the compiler's options file ends a value at ';')
            // could not take the list: MSBuild passed its property function on as text.
            problem = "MSBuild could not pass the AslDefinitionSubstitutions list on: a value holds an apostrophe ('), which the list cannot carry. The definition is read without substitutions.";
            return null;
        }

        if (!DefinitionSubstitutions.TryParse(list, out var substitutions, out var error))
        {
            problem = "The AslDefinitionSubstitutions '" + list + "' is not a list of Name=value entries separated by ';': " + error + " The definition is read without substitutions.";
        }

        return substitutions;
    }

    /// <summary>
    /// ASL1015's message when a definition given <c>AslDefinitionSubstitutions</c> still has placeholders without a value
    /// (a misspelt name, most likely: AWS refuses only those in fields it checks, such as a Resource), with the entries
    /// no placeholder names as the likely misspellings; null when every placeholder has a value (entries a definition
    /// does not use are fine: one list often serves every definition of a project).
    /// </summary>
    private static string? UnmatchedSubstitutions(DefinitionSourceSpec file, DefinitionSubstitutions substitutions)
    {
        if (file.Source is null)
        {
            return null;
        }

        var left = new List<string>();
        foreach (var name in PlaceholderNames(file.Source))
        {
            if (!left.Contains(name))
            {
                left.Add(name);
            }
        }

        var written = file.Written ?? file.Source;
        var used = new HashSet<string>(PlaceholderNames(written), StringComparer.Ordinal);
        foreach (var value in substitutions.Values.Values)
        {
            used.UnionWith(PlaceholderNames(value));
        }

        if (left.Count == 0)
        {
            return null;
        }

        var unused = substitutions.Values.Keys.Where(name => !used.Contains(name)).ToList();
        return "The placeholders " + string.Join(", ", left.Select(n => "${" + n + "}")) + " have no value in the definition's AslDefinitionSubstitutions"
            + (unused.Count > 0 ? " (its entries " + string.Join(", ", unused) + " name no placeholder: a misspelt name?)" : string.Empty)
            + ". A placeholder without a value stays as written, as on deployment.";
    }

    /// <summary>The names of the <c>${Name}</c> placeholders in <paramref name="text"/>, in order.</summary>
    private static IEnumerable<string> PlaceholderNames(string text) =>
        DefinitionSubstitutions.Placeholders(text)
            .Select(placeholder => placeholder.Name)
            .Where(name => name.Length > 0 && name.IndexOf('"') < 0 && name.IndexOf("${", StringComparison.Ordinal) < 0);

    /// <summary>The most characters AWS takes in a definition (CreateStateMachine, ValidateStateMachineDefinition).</summary>
    internal const int MaxDefinitionLength = 1_048_576;

    /// <summary>ASL1012's message for a definition of <paramref name="length"/> characters.</summary>
    internal static string TooLongMessage(int length) =>
        "The definition is " + length.ToString("N0", CultureInfo.InvariantCulture) + " characters long; AWS takes at most "
        + MaxDefinitionLength.ToString("N0", CultureInfo.InvariantCulture) + " (CreateStateMachine and ValidateStateMachineDefinition refuse it), so its class has no compiled program";

    /// <summary>
    /// The text without the JSON whitespace outside strings (and without a byte order mark): the same JSON to the
    /// reader, and equal for two files that differ only in formatting. Not-well-formed text is stripped the same way,
    /// except that a string ends at a raw line break (one being typed without its closing quote) and a <c>//</c> comment
    /// keeps its line break: the strings after them keep their spaces for <see cref="JsonSyntaxReader.Recover"/>.
    /// </summary>
    internal static string WithoutWhitespace(SourceText text)
    {
        var buffer = new char[text.Length];
        text.CopyTo(0, buffer, 0, buffer.Length);
        var length = 0;
        var inString = false;
        var escaped = false;
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = buffer[i];
            if (inString)
            {
                if (c is '\n' or '\r')
                {
                    // Not JSON: a string ends on its line, so its closing quote is missing.
                    inString = false;
                    escaped = false;
                }
                else if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c is ' ' or '\t' or '\n' or '\r' || (c == '\uFEFF' && i == 0))
            {
                continue;
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '/' && i + 1 < buffer.Length && buffer[i + 1] == '/')
            {
                // Not JSON either: a line comment, kept with its line break, which ends it.
                while (i < buffer.Length && buffer[i] is not ('\n' or '\r'))
                {
                    buffer[length++] = buffer[i++];
                }

                if (i < buffer.Length)
                {
                    buffer[length++] = buffer[i];
                }

                continue;
            }

            buffer[length++] = c;
        }

        return new string(buffer, 0, length);
    }

    /// <summary>Reads and validates one definition: the only time its text is parsed (the emit works from the model kept here).</summary>
    private static DefinitionSpec? Parse(DefinitionSourceSpec file, bool hasRuntime, CancellationToken cancellationToken)
    {
        if (file.Source is null)
        {
            // The compiler could not read the file; the analyzer reports nothing either.
            return null;
        }

        var stem = FileStem(file.RelativePath);
        var className = file.ClassName.Length > 0
            ? CSharpIdentifiers.Sanitize(file.ClassName, "StateMachine")
            : CSharpIdentifiers.ToPascalCase(stem, "StateMachine");
        string? nameProblem = null;
        if (file.ClassName.Length > 0 && !IsPlainIdentifier(file.ClassName))
        {
            nameProblem = "The AslClassName '" + file.ClassName + "' is not a C# identifier; the class is named '" + className + "'";
        }
        else if (file.ClassName.Length == 0 && !IsConvertibleFileName(stem))
        {
            nameProblem = "The file name '" + stem + "' does not make a C# class name (it needs a letter first, after any '_', and only letters, digits, '-', '_', '.' or spaces); the class is named '" + className + "'. Rename the file or set AslClassName.";
        }

        if (nameProblem is null && IsReservedTypeName(className))
        {
            // C# keeps such names for keywords (CS8981, a warning, an error where warnings are); some already are
            // contextual ones that cannot name a class at all (record, required, scoped, file).
            var taken = className;
            className = char.ToUpperInvariant(className[0]) + className.Substring(1);
            nameProblem = "The AslClassName '" + taken + "' has only lower-case ASCII letters, which C# keeps for keywords (CS8981; 'record' or 'required' cannot name a class at all); the class is named '" + className + "'.";
        }

        if (nameProblem is null && Array.IndexOf(GeneratedMemberNames, className) >= 0)
        {
            // A class cannot have a member of its own name (CS0542): Program.asl.json would not compile.
            var taken = className;
            className += "StateMachine";
            nameProblem = "The class name '" + taken + "' is the name of a member the generated class has; the class is named '" + className + "'. Rename the file or set AslClassName.";
        }

        var errors = new List<string>();
        StateMachineDefinition? definition = null;
        StateMachineDefinition? shape = null; // the definition a malformed text most likely means (for its names only)
        var canonical = file.Source;
        if (file.Length > MaxDefinitionLength)
        {
            // Not read at all: AWS refuses it before validating it, and a program of its size (tens of megabytes of C#
            // past the limit) would only slow the build down or overflow the compiler's string table (CS8103).
            errors.Add(DiagnosticDescriptors.DefinitionTooLong.Id + ": " + TooLongMessage(file.Length));
        }
        else if (file.Source.Length == 0)
        {
            // As the analyzer words it: an empty file is MISSING_DESCRIPTION; one of only whitespace, as AWS answers it,
            // is not a JSON object.
            errors.Add(file.Blank
                ? DiagnosticDescriptors.SchemaValidationFailed.Id + ": " + AslDefinitionReader.NotAnObjectMessage
                : DiagnosticDescriptors.MissingDescription.Id + ": " + EmptyDefinitionMessage);
        }
        else
        {
            var json = JsonSyntaxReader.Parse(file.Source);
            var parsed = AslDefinitionReader.Read(json);
            definition = parsed.Definition;
            if (json.Root is null && JsonSyntaxReader.Recover(file.Source) is { } recovered)
            {
                // Not well-formed, as a file is while it is being typed: the shell keeps the state constants and handler
                // methods the text still shows, so the user's code that names them does not break at each keystroke.
                shape = AslDefinitionReader.Read(recovered).Definition;
            }
            if (json.Success && file.Source.IndexOf('\\') >= 0)
            {
                // Canonical text (CompiledStateMachines.CanonicalDefinition at run time): the same writer, so the same
                // hash. Without a backslash the text is canonical already: well-formed JSON without whitespace whose
                // strings hold no escape (so no quote, backslash or control character) is written back unchanged.
                canonical = json.Root!.ToJsonString();
            }

            cancellationToken.ThrowIfCancellationRequested();
            AddErrors(errors, parsed, json, text: null, substituted: null);

            if (definition is null && errors.Count == 0)
            {
                // Unreachable when the reader and validator agree; never generate a class without a program.
                errors.Add(DiagnosticDescriptors.SchemaValidationFailed.Id + ": The definition could not be read.");
            }
        }

        var inputType = TypeNameOf(file.InputType);
        var outputType = TypeNameOf(file.OutputType);
        string? typeProblem = null;
        if (inputType is null || outputType is null)
        {
            // Written as it is, such a name broke the generated file with C# syntax errors: no typed RunAsync at all.
            var named = inputType is null ? "AslInputType '" + file.InputType + "'" : "AslOutputType '" + file.OutputType + "'";
            typeProblem = "The " + named + " is not a C# type name, so the typed RunAsync is not generated. Write the type as in C# source: Shop.Order, Shop.Outer.Inner (or Shop.Outer+Inner), System.Collections.Generic.List<Shop.Order>, Shop.Order[], (Shop.Order, int).";
            inputType = outputType = string.Empty;
        }

        var ns = NamespaceOf(file.RootNamespace, file.RelativePath);
        var shown = definition ?? shape;
        var substitutions = ReadSubstitutions(file.Substitutions, out var substitutionProblem);
        var model = hasRuntime && errors.Count == 0 && definition is not null ? new ParsedDefinition(file.Source, definition) : null;
        return new DefinitionSpec(
            HintNameOf(file.RelativePath),
            file.RelativePath,
            ns,
            className,
            canonical,
            Sha256Hex(canonical),
            shown is null ? EquatableArray<StateConstantSpec>.Empty : new EquatableArray<StateConstantSpec>(StateConstants(shown)),
            shown is null ? EquatableArray<HandlerSpec>.Empty : new EquatableArray<HandlerSpec>(Handlers(shown, WrittenTasks(file.Written))),
            file.Path,
            nameProblem,
            inputType,
            outputType,
            new EquatableArray<string>(errors),
            model,
            typeProblem,
            file.InputType,
            file.OutputType,
            file.Substitutions,
            substitutionProblem,
            substitutions is null ? null : UnmatchedSubstitutions(file, substitutions));
    }

    /// <summary>
    /// The definition's errors as the analyzer words them (<c>ASL0003: message</c>), with their line and column when
    /// <paramref name="text"/> is given: from its line table, as the analyzer's locations are.
    /// </summary>
    private static void AddErrors(List<string> errors, AslParseResult parsed, JsonParseResult json, SourceText? text, SubstitutedDefinition? substituted)
    {
        foreach (var diagnostic in AslValidator.Analyze(parsed, json.Source))
        {
            if (diagnostic.Severity != AslDiagnosticSeverity.Error || diagnostic.IsFollowOnError)
            {
                continue;
            }

            var id = DiagnosticDescriptors.ForCode(diagnostic.Code).Id;
            if (text is null)
            {
                errors.Add(id + ": " + diagnostic.MessageWithDetail);
                continue;
            }

            var position = text.Lines.GetLinePosition(AslDefinitionAnalyzer.SpanIn(text, diagnostic, substituted).Start);
            errors.Add(id + " (" + (position.Line + 1).ToString(CultureInfo.InvariantCulture) + "," + (position.Character + 1).ToString(CultureInfo.InvariantCulture) + "): " + diagnostic.MessageWithDetail);
        }
    }

    /// <summary>
    /// A shell's emit input with its errors read again from the file as written: each with the line and column the
    /// analyzer's diagnostic has, and positions inside messages (a duplicate key's first occurrence) in the file too.
    /// The definitions step reads the text without whitespace, where every position is on line 1.
    /// </summary>
    private static EmitInput WithErrorsAsWritten(EmitInput input, ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        var definition = input.Definition!;
        SourceText? text = null;
        foreach (var file in files)
        {
            if (string.Equals(file.Path, definition.Path, StringComparison.Ordinal))
            {
                text = file.GetText(cancellationToken);
                break;
            }
        }

        var substituted = text is null || definition.Substitutions.Length == 0 ? null : Substitute(text.ToString(), definition.Substitutions);
        if (text is null || WithoutWhitespace(text).Length == 0 || (substituted?.Text.Length ?? text.Length) > MaxDefinitionLength)
        {
            // Unreadable (the definitions step saw it too), empty, or too long to be read: the errors have no position.
            return input;
        }

        var json = JsonSyntaxReader.Parse(substituted?.Text ?? text.ToString());
        var parsed = AslDefinitionReader.Read(json);
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new List<string>();
        AddErrors(errors, parsed, json, text, substituted);
        if (errors.Count == 0)
        {
            // Unreachable while the file and its text without whitespace read alike; keep the errors found there.
            return input;
        }

        return input with { Definition = definition with { Errors = new EquatableArray<string>(errors) } };
    }

    /// <summary>ASL1001/ASL1002: the first file (ordinal path order) keeps a class or hint name; later ones are not generated.</summary>
    private static EquatableArray<ConflictSpec> FindConflicts(ImmutableArray<DefinitionSpec?> specs)
    {
        var sorted = new List<DefinitionSpec>();
        foreach (var spec in specs)
        {
            if (spec is not null)
            {
                sorted.Add(spec);
            }
        }

        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        var hints = new Dictionary<string, DefinitionSpec>(StringComparer.OrdinalIgnoreCase);
        var classes = new Dictionary<string, DefinitionSpec>(StringComparer.Ordinal);
        var conflicts = new List<ConflictSpec>();

        // Every namespace the classes go in, with its enclosing ones: Orders.asl.json next to Orders/Refund.asl.json
        // makes a class and a namespace of one name, which C# refuses (CS0101).
        var namespaces = new Dictionary<string, DefinitionSpec>(StringComparer.Ordinal);
        foreach (var spec in sorted)
        {
            for (var ns = spec.Namespace; ns.Length > 0; ns = ns.LastIndexOf('.') is var dot and > 0 ? ns.Substring(0, dot) : string.Empty)
            {
                if (!namespaces.ContainsKey(ns))
                {
                    namespaces[ns] = spec;
                }
            }
        }

        foreach (var spec in sorted)
        {
            var fullName = spec.Namespace.Length == 0 ? spec.ClassName : spec.Namespace + "." + spec.ClassName;
            if (namespaces.TryGetValue(fullName, out var namespaceOwner))
            {
                conflicts.Add(new ConflictSpec(spec.Path, DiagnosticDescriptors.DuplicateClassName.Id,
                    "'" + spec.RelativePath + "' generates the class '" + fullName + "', which is also the namespace of '" + namespaceOwner.RelativePath + "'; '" + spec.RelativePath + "' is not generated. Rename the file or its folder, or set AslClassName."));
            }
            else if (hints.TryGetValue(spec.HintName, out var hintOwner))
            {
                // Two files outside the project have only their names: name them by their paths, or the message names one file twice.
                var (mine, theirs) = string.Equals(spec.RelativePath, hintOwner.RelativePath, StringComparison.Ordinal)
                    ? (spec.Path, hintOwner.Path)
                    : (spec.RelativePath, hintOwner.RelativePath);
                conflicts.Add(new ConflictSpec(spec.Path, DiagnosticDescriptors.DuplicateHintName.Id,
                    "'" + mine + "' and '" + theirs + "' both generate the file '" + spec.HintName + "'; '" + mine + "' is not generated. Rename one of them (AslClassName does not change the file's name)."));
            }
            else if (classes.TryGetValue(fullName, out var classOwner))
            {
                conflicts.Add(new ConflictSpec(spec.Path, DiagnosticDescriptors.DuplicateClassName.Id,
                    "'" + spec.RelativePath + "' and '" + classOwner.RelativePath + "' both generate the class '" + fullName + "'; '" + spec.RelativePath + "' is not generated. Rename one of them or set AslClassName."));
            }
            else
            {
                hints[spec.HintName] = spec;
                classes[fullName] = spec;
            }
        }

        return new EquatableArray<ConflictSpec>(conflicts);
    }

    private static ConflictSpec? ConflictOf(DefinitionSpec? spec, EquatableArray<ConflictSpec> conflicts)
    {
        if (spec is null)
        {
            return null;
        }

        foreach (var conflict in conflicts)
        {
            if (string.Equals(conflict.Path, spec.Path, StringComparison.Ordinal))
            {
                return conflict;
            }
        }

        return null;
    }

    /// <summary>
    /// An <c>AslInputType</c>/<c>AslOutputType</c> as the generated code writes it: every dotted name in it gets
    /// <c>global::</c> (the outer name, a generic's arguments, a tuple's elements), names without a dot stay as written,
    /// and <c>Outer+Inner</c> (a metadata name) is read as <c>Outer.Inner</c>. Empty stays empty; null when the text
    /// is not a C# type (a keyword, a stray character, a comment).
    /// </summary>
    internal static string? TypeNameOf(string name)
    {
        if (name.Length == 0)
        {
            return name;
        }

        var text = name.Replace('+', '.');
        var type = SyntaxFactory.ParseTypeName(text, consumeFullText: true);
        if (type.ContainsDiagnostics || type.DescendantTrivia().Any(static t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))
        {
            return null;
        }

        // Where global:: goes: before the leftmost part of each outermost dotted name not qualified already.
        var starts = new List<int>();
        foreach (var qualified in type.DescendantNodesAndSelf().OfType<QualifiedNameSyntax>())
        {
            if (qualified.Parent is QualifiedNameSyntax)
            {
                continue;
            }

            NameSyntax left = qualified;
            while (left is QualifiedNameSyntax q)
            {
                left = q.Left;
            }

            if (left is SimpleNameSyntax)
            {
                starts.Add(left.SpanStart);
            }
        }

        var builder = new StringBuilder(text.Length + (starts.Count * 8)).Append(text);
        starts.Sort();
        for (var i = starts.Count - 1; i >= 0; i--)
        {
            builder.Insert(starts[i], "global::");
        }

        return builder.ToString();
    }

    /// <summary>A name of lower-case ASCII letters only, which C# reserves for keywords (CS8981 on a type of that name).</summary>
    private static bool IsReservedTypeName(string name)
    {
        foreach (var c in name)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    private static bool IsPlainIdentifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name) &&
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;

    /// <summary>Whether the PascalCase conversion of a file name is the plain word-joining the docs promise (no fallback, no <c>_</c> prefix).</summary>
    private static bool IsConvertibleFileName(string stem)
    {
        // Leading underscores separate nothing, as '_' between words does (_internal-flow → InternalFlow).
        var first = stem.TrimStart('_');
        if (first.Length == 0 || !char.IsLetter(first[0]))
        {
            return false;
        }

        foreach (var c in stem)
        {
            if (!(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ' '))
            {
                return false;
            }
        }

        return IsPlainIdentifier(CSharpIdentifiers.ToPascalCase(stem, "StateMachine"));
    }

    private static List<StateConstantSpec> StateConstants(StateMachineDefinition definition)
    {
        var seenStates = new HashSet<string>(StringComparer.Ordinal);

        // A member may not be named like its enclosing type, and one named like a member of object hides it (CS0108).
        var identifiers = new HashSet<string>(StringComparer.Ordinal) { "States", "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize" };
        var constants = new List<StateConstantSpec>();
        foreach (var state in definition.AllStates())
        {
            if (seenStates.Add(state.Name))
            {
                constants.Add(new StateConstantSpec(CSharpIdentifiers.Unique(CSharpIdentifiers.ToPascalCase(state.Name, "State"), identifiers), state.Name));
            }
        }

        return constants;
    }

    /// <summary>
    /// The Task states of a definition as written, before its placeholders were replaced, by name: its handler methods
    /// are named from them (<c>${ChargeFunctionArn}</c> → <c>ChargeFunctionArnAsync</c>, <c>function:${Stage}-charge</c> →
    /// <c>StageChargeAsync</c>), so the names do not change with the values (a stage's) or with substituting at all.
    /// </summary>
    private static Dictionary<string, TaskState>? WrittenTasks(string? written)
    {
        if (written is null || AslDefinitionReader.Read(JsonSyntaxReader.Parse(written)).Definition is not { } definition)
        {
            return null;
        }

        var tasks = new Dictionary<string, TaskState>(StringComparer.Ordinal);
        foreach (var state in definition.AllStates())
        {
            if (state is TaskState task)
            {
                tasks[state.Name] = task;
            }
        }

        return tasks;
    }

    private static List<HandlerSpec> Handlers(StateMachineDefinition definition, Dictionary<string, TaskState>? written = null)
    {
        // Registration key → (method base name, its service-qualified form, resources), in document order of first use.
        var order = new List<string>();
        var byKey = new Dictionary<string, (string BaseName, string? Qualified, SortedSet<string> Resources)>(StringComparer.Ordinal);
        foreach (var state in definition.AllStates())
        {
            // Activities are not called: the kernel queues them for workers (GetActivityTaskAsync). HTTP Tasks are
            // real HTTP calls the kernel makes itself (with the connection's credentials), unless an application
            // registers its own handler for the resource.
            if (state is not TaskState { Resource: { } resource } task || IsActivity(resource) || resource == HttpInvoke)
            {
                continue;
            }

            var (key, baseName, qualified) = HandlerKey(resource, task);
            if (written is not null && written.TryGetValue(state.Name, out var asWritten) && asWritten.Resource is { } writtenResource)
            {
                (_, baseName, qualified) = HandlerKey(writtenResource, asWritten);
            }

            if (!byKey.TryGetValue(key, out var entry))
            {
                entry = (baseName, qualified, new SortedSet<string>(StringComparer.Ordinal));
                byKey[key] = entry;
                order.Add(key);
            }

            entry.Resources.Add(resource);
        }

        // Service integrations whose action names clash are named with their service too (aws-sdk:dynamodb:query and
        // aws-sdk:kendra:query are DynamodbQueryAsync and KendraQueryAsync, not QueryAsync and Query2Async); names that
        // still clash are numbered in document order.
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in order)
        {
            var baseName = byKey[key].BaseName;
            uses[baseName] = uses.TryGetValue(baseName, out var n) ? n + 1 : 1;
        }

        var methods = new HashSet<string>(StringComparer.Ordinal);
        var handlers = new List<HandlerSpec>();
        foreach (var key in order)
        {
            var entry = byKey[key];
            var stem = uses[entry.BaseName] > 1 && entry.Qualified is { } qualified ? qualified : entry.BaseName;
            var name = CSharpIdentifiers.Unique(stem, methods, "Async");
            handlers.Add(new HandlerSpec(name, key, new EquatableArray<string>(entry.Resources)));
        }

        return handlers;
    }

    /// <summary>
    /// The key a handler is registered under, its method's base name, and for a service integration the name with its
    /// service (used when base names clash). <c>lambda:invoke</c> with a static <c>FunctionName</c> registers under the
    /// function (the kernel dispatches there and shapes Lambda's response); everything else registers under the exact
    /// resource, as the kernel looks it up.
    /// </summary>
    private static (string Key, string BaseName, string? Qualified) HandlerKey(string resource, TaskState task)
    {
        var withoutSuffix = StripIntegrationSuffix(resource, out var suffix);
        if (string.Equals(withoutSuffix, LambdaInvoke, StringComparison.Ordinal) && StaticFunctionName(task) is { } function)
        {
            return (function, CSharpIdentifiers.ToPascalCase(LambdaFunctionName(function), "Function"), null);
        }

        string name;
        string? qualified = null;
        if (resource.StartsWith(ServiceIntegrationPrefix, StringComparison.Ordinal))
        {
            // arn:aws:states:::sqs:sendMessage.waitForTaskToken → SendMessageWaitForTaskToken (SqsSendMessageWaitForTaskToken)
            var integration = withoutSuffix.Substring(ServiceIntegrationPrefix.Length);
            var action = LastSegment(integration);
            name = action + "_" + suffix.Replace(":", string.Empty);
            var service = integration.Length > action.Length + 1 ? LastSegment(integration.Substring(0, integration.Length - action.Length - 1)) : null;
            if (service is { Length: > 0 })
            {
                qualified = CSharpIdentifiers.ToPascalCase(service + "_" + name, "Task");
            }
        }
        else if (resource.StartsWith("arn:", StringComparison.Ordinal) && resource.IndexOf(":function:", StringComparison.Ordinal) >= 0)
        {
            name = LambdaFunctionName(resource);
        }
        else
        {
            name = LastSegment(resource);
        }

        return (resource, CSharpIdentifiers.ToPascalCase(name, "Task"), qualified);
    }

    /// <summary><c>arn:aws:states:us-east-1:123456789012:activity:Name</c>.</summary>
    private static bool IsActivity(string resource)
    {
        var parts = resource.Split(':');
        return parts.Length >= 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity";
    }

    private static string StripIntegrationSuffix(string resource, out string suffix)
    {
        suffix = string.Empty;
        if (!resource.StartsWith(ServiceIntegrationPrefix, StringComparison.Ordinal))
        {
            return resource;
        }

        var dot = resource.IndexOf('.', ServiceIntegrationPrefix.Length);
        if (dot < 0)
        {
            return resource;
        }

        suffix = resource.Substring(dot + 1);
        return resource.Substring(0, dot);
    }

    private static string? StaticFunctionName(TaskState task)
    {
        var template = task.Parameters ?? task.Arguments;
        if (template is JsonObjectSyntax fields && fields["FunctionName"] is JsonStringSyntax function)
        {
            var value = function.Value;
            var isJsonata = value.StartsWith("{%", StringComparison.Ordinal) && value.EndsWith("%}", StringComparison.Ordinal);
            return value.Length == 0 || isJsonata ? null : value;
        }

        return null;
    }

    /// <summary><c>arn:aws:lambda:us-east-1:123456789012:function:price:$LATEST</c> → <c>price</c>; <c>price</c> → <c>price</c>.</summary>
    private static string LambdaFunctionName(string function)
    {
        var marker = function.IndexOf(":function:", StringComparison.Ordinal);
        var name = marker >= 0 ? function.Substring(marker + ":function:".Length) : function;
        var qualifier = name.IndexOf(':');
        return qualifier > 0 ? name.Substring(0, qualifier) : name;
    }

    private static string LastSegment(string value)
    {
        var cut = value.LastIndexOfAny(SegmentSeparators);
        var last = cut >= 0 ? value.Substring(cut + 1) : value;
        return last.Length == 0 ? value : last;
    }

    private static string RelativePathOf(string path, string? projectDir)
    {
        var normalized = path.Replace('\\', '/');
        if (projectDir is { Length: > 0 })
        {
            var root = projectDir.Replace('\\', '/');
            if (!root.EndsWith("/", StringComparison.Ordinal))
            {
                root += "/";
            }

            if (normalized.StartsWith(root, StringComparison.OrdinalIgnoreCase) && Collapse(normalized.Substring(root.Length)) is { } inside)
            {
                return inside;
            }
        }

        // Outside the project (or no ProjectDir): the file name alone, never an absolute path.
        var slash = normalized.LastIndexOf('/');
        return slash >= 0 ? normalized.Substring(slash + 1) : normalized;
    }

    /// <summary>
    /// The project-relative path a file's <c>Link</c> metadata gives it (where the IDE shows a file included from outside
    /// the project, as in <c>&lt;AdditionalFiles Include="..\Shared\order.asl.json" Link="Workflows\order.asl.json" /&gt;</c>);
    /// null without one, or for a rooted link or one that climbs out of the project.
    /// </summary>
    private static string? LinkedPathOf(string? link)
    {
        if (link is null || link.Trim() is not { Length: > 0 } trimmed)
        {
            return null;
        }

        var normalized = trimmed.Replace('\\', '/');
        return normalized.StartsWith("/", StringComparison.Ordinal) || normalized.IndexOf(':') >= 0 ? null : Collapse(normalized);
    }

    /// <summary>Resolves <c>.</c> and <c>..</c> segments; null when the path climbs out of the project (a linked file).</summary>
    private static string? Collapse(string relativePath)
    {
        var parts = new List<string>();
        foreach (var part in relativePath.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join("/", parts);
    }

    private static string FileStem(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        var name = slash >= 0 ? relativePath.Substring(slash + 1) : relativePath;
        return name.EndsWith(AslDefinitionAnalyzer.DefinitionSuffix, StringComparison.OrdinalIgnoreCase)
            ? name.Substring(0, name.Length - AslDefinitionAnalyzer.DefinitionSuffix.Length)
            : name;
    }

    private static string NamespaceOf(string rootNamespace, string relativePath)
    {
        var parts = new List<string>();
        foreach (var part in rootNamespace.Split('.'))
        {
            if (part.Trim().Length > 0)
            {
                parts.Add(CSharpIdentifiers.Sanitize(part.Trim(), "_"));
            }
        }

        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (segments[i].Length > 0 && segments[i] != ".")
            {
                parts.Add(CSharpIdentifiers.Sanitize(segments[i], "_"));
            }
        }

        return string.Join(".", parts);
    }

    private static string HintNameOf(string relativePath)
    {
        var stem = relativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? relativePath.Substring(0, relativePath.Length - 5) : relativePath;
        var builder = new StringBuilder(stem.Length + 5);
        foreach (var c in stem)
        {
            builder.Append(c == '/' ? '.' : (c < 128 && (char.IsLetterOrDigit(c) || c is '.' or '_' or '-') ? c : '_'));
        }

        return builder.Append(".g.cs").ToString();
    }

    private static string Sha256Hex(string text)
    {
        const string Hex = "0123456789abcdef";
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Hex[bytes[i] >> 4];
            chars[(2 * i) + 1] = Hex[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}
