using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using AslCompiler.Generator.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AslCompiler.Generator;

/// <summary>
/// Reads the C# around each generated class from the compilation: the members of your base class that the generated
/// members hide (declared <c>new</c>), and whether the typed input and output can be used, and how accessible they are.
/// The answers are names and text (<see cref="ClassSpec"/>), never symbols.
/// </summary>
public sealed partial class AslGenerator
{
    /// <summary>The names of the probe methods that try the typed input and output as the typed RunAsync uses them.</summary>
    private const string InputProbe = "AslCompilerProbe_TypedInput";

    private const string OutputProbe = "AslCompilerProbe_TypedOutput";

    /// <summary>
    /// The members a generated class declares (AslGenerator.Emitter, ProgramEmitter; a shell's <c>AslDefinitionErrors</c>
    /// and the private <c>s_program</c> included, which an AslClassName can name and a base class can hide): whether each
    /// is a method, and for a method the parameter types an inherited method must have to be hidden by it (null: it
    /// takes the class's own <c>IHandlers</c>, which no inherited method can take, so it only overloads them).
    /// </summary>
    internal static readonly GeneratedMember[] GeneratedMembers =
    [
        new("Definition", IsMethod: false),
        new("DefinitionHash", IsMethod: false),
        new("States", IsMethod: false),
        new("IHandlers", IsMethod: false),
        new("s_program", IsMethod: false),
        new("AslDefinitionErrors", IsMethod: false),
        new("Program", IsMethod: false),
        new("RegisterCompiledProgram", IsMethod: true, []),
        new("RegisterHandlers", IsMethod: true),
        new("RunAsync", IsMethod: true),
        new("CreateStateMachineAsync", IsMethod: true, ["global::AslCompiler.Runtime.Api.IStepFunctions", "string", "string", "global::AslCompiler.Runtime.Api.StateMachineType", "global::System.Threading.CancellationToken"]),
        new("CompiledProgram", IsMethod: false),
    ];

    /// <summary>
    /// The names of <see cref="GeneratedMembers"/> and of the getter C# makes for <c>Program</c>: a class of one of these
    /// names would not compile (CS0542).
    /// </summary>
    internal static readonly string[] GeneratedMemberNames = [.. Array.ConvertAll(GeneratedMembers, static member => member.Name), "get_Program"];

    private static ClassKey? ClassKeyOf(DefinitionSpec? spec) =>
        spec is null ? null : new ClassKey(spec.Path, spec.Namespace, spec.ClassName, spec.InputType, spec.OutputType, spec.Errors.Count == 0, spec.InputTypeAsWritten, spec.OutputTypeAsWritten, spec.RelativePath, TaskFree: spec.IsTaskFree);

    private static ClassSpec? ClassOf(DefinitionSpec? spec, EquatableArray<ClassSpec> classes)
    {
        if (spec is null)
        {
            return null;
        }

        foreach (var found in classes)
        {
            if (string.Equals(found.Path, spec.Path, StringComparison.Ordinal))
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Looks each generated class up in the compilation. Only when a class names a typed input or output, derives
    /// from a class the compilation cannot resolve (another generated class with no half of yours), or your half of it
    /// has a RunAsync or RegisterHandlers that takes an <c>IHandlers</c>, does it add a probe file to a copy of the
    /// compilation: the generated classes' declarations, with their nested types and the typed members tried as the
    /// typed RunAsync uses them, so types bind exactly as in the generated file (its namespace, the class and its
    /// bases, global usings).
    /// </summary>
    private static EquatableArray<ClassSpec> ReadClasses(ImmutableArray<ClassKey?> found, bool hasRuntime, EquatableArray<ConflictSpec> conflicts, Compilation compilation, CancellationToken cancellationToken)
    {
        // A file that loses a class or file name to another (ASL1001, ASL1002) is not generated: it is neither probed nor
        // declared in the probe (where a class named like a folder's namespace would make that namespace's types
        // ambiguous), and it has no answer but the conflict the Output step reports.
        var losers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conflict in conflicts)
        {
            losers.Add(conflict.Path);
        }

        // In path order, as FindConflicts: of two files that make one class, the first is generated and is the one probed.
        var keys = new List<ClassKey>();
        foreach (var key in found)
        {
            if (key is not null && !losers.Contains(key.Path))
            {
                keys.Add(key);
            }
        }

        keys.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));

        // [StateMachineTypes] on your half of a generated class: its types go into the class's key, and from here on are
        // the typed input and output as if the metadata had named them (the probe, accessibility, your own members).
        var notes = new AttributeNote[keys.Count];
        var attributeType = hasRuntime ? compilation.GetTypeByMetadataName(TypesAttributeName) : null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            notes[i] = AttributeNote.None;
            var name = MetadataName(keys[i]);
            if (seen.Add(name) && attributeType is not null && compilation.Assembly.GetTypeByMetadataName(name) is { } own && ReadTypesAttribute(own, attributeType) is { } attribute)
            {
                (keys[i], notes[i]) = WithAttributeTypes(keys[i], attribute);
            }
        }

        // Your halves that are no class (ASL1011), found before the probe: the probe's class half next to your record
        // would make the type a class there, and the problem would go unseen (CS0261 inside the generated file; found by
        // a docs trial whenever another definition of the project was typed).
        var notClasses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var name = MetadataName(key);
            if (!notClasses.ContainsKey(name) && compilation.Assembly.GetTypeByMetadataName(name) is { } own && KindProblemOf(key, own) is { } problem)
            {
                notClasses[name] = problem;
            }
        }

        // A class whose full name is a namespace of the compilation (ASL1016: System.asl.json with no RootNamespace,
        // Runtime.asl.json under the RootNamespace AslCompiler) would stand for that namespace in every name the generated
        // code reaches through it (global::System.…: CS0437, CS0426). Not generated, not probed, as ASL1011.
        var namespaceClashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var name = MetadataName(key);
            if (!namespaceClashes.ContainsKey(name) && !notClasses.ContainsKey(name) && IsNamespace(compilation.GlobalNamespace, name))
            {
                namespaceClashes[name] = NamespaceProblemOf(key, name);
            }
        }

        var generated = new Dictionary<string, ClassKey>(StringComparer.Ordinal);
        var probe = false;
        foreach (var key in keys)
        {
            var name = MetadataName(key);
            if (!generated.ContainsKey(name))
            {
                generated[name] = key;
            }

            probe |= (hasRuntime && IsTyped(key))
                || (compilation.Assembly.GetTypeByMetadataName(name) is { } type && (HasUnresolvedBase(type) || (hasRuntime && TakesHandlers(type))));
        }

        SemanticModel? model = null;
        SyntaxTree? probeTree = null;
        Dictionary<string, ClassDeclarationSyntax>? declarations = null;
        if (probe)
        {
            var options = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? CSharpParseOptions.Default;
            probeTree = CSharpSyntaxTree.ParseText(ProbeSource(generated.Values.Where(key => !notClasses.ContainsKey(MetadataName(key)) && !namespaceClashes.ContainsKey(MetadataName(key))), hasRuntime), options, cancellationToken: cancellationToken);
            compilation = compilation.AddSyntaxTrees(probeTree);
            model = compilation.GetSemanticModel(probeTree);
            declarations = new Dictionary<string, ClassDeclarationSyntax>(StringComparer.Ordinal);
            foreach (var declaration in probeTree.GetRoot(cancellationToken).DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration, cancellationToken) is { ContainingType: null } symbol)
                {
                    declarations[MetadataName(symbol)] = declaration;
                }
            }
        }

        // Your half's own members first: a class that one of them keeps from being generated (ASL1008) is, to a class
        // derived from it, a class of yours alone, whose members are the ones the compilation shows.
        var types = new INamedTypeSymbol?[keys.Count];
        var typedAnswers = new TypedAnswer[keys.Count];
        var ownAnswers = new OwnAnswer[keys.Count];
        var kindProblems = new string?[keys.Count];
        var namespaceProblems = new string?[keys.Count];
        var bases = new Dictionary<string, ClassKey>(generated, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = keys[i];
            var name = MetadataName(key);
            if (namespaceClashes.TryGetValue(name, out var namespaceProblem))
            {
                // Not generated (ASL1016): what is declared under its name is the namespace's, not a class half.
                namespaceProblems[i] = namespaceProblem;
                typedAnswers[i] = TypedAnswer.Untyped;
                ownAnswers[i] = OwnAnswer.None;
                if (generated[name] == key)
                {
                    bases.Remove(name);
                }

                continue;
            }

            var type = types[i] = compilation.Assembly.GetTypeByMetadataName(name);
            var typed = TypedAnswer.Untyped;
            if (hasRuntime && IsTyped(key) && type is not null && model is not null && generated[name] == key && declarations!.TryGetValue(name, out var declaration))
            {
                typed = TypedMembers(key, type, declaration, model, cancellationToken);
            }

            typedAnswers[i] = typed;
            if (type is null)
            {
                ownAnswers[i] = OwnAnswer.None;
                continue;
            }

            if (notClasses.TryGetValue(name, out var kindProblem))
            {
                // Not generated (ASL1011): to a class derived from it, it is a type of yours alone.
                kindProblems[i] = kindProblem;
                ownAnswers[i] = OwnAnswer.None;
                if (generated[name] == key)
                {
                    bases.Remove(name);
                }

                continue;
            }

            // The typed RunAsyncs' input and output as the probe binds them; the input is JsonValue when only the output is typed.
            var typedInput = typed.Problem is null && typed.AttributeProblem is null
                ? typed.Input ?? (hasRuntime && key.InputType.Length == 0 && key.OutputType.Length > 0 ? compilation.GetTypeByMetadataName("AslCompiler.Runtime.Json.JsonValue") : null)
                : null;
            ownAnswers[i] = OwnMembers(key, type, hasRuntime, typedInput is null ? null : new TypedSignature(typedInput, typed.Output), probeTree);
            if (ownAnswers[i].Problem is not null && generated[name] == key)
            {
                bases.Remove(name);
            }
        }

        // Then each class after its bases (fewer bases first, whatever the paths): a class that would hide an abstract
        // member (ASL1007) is not generated either, so to a class derived from it it is a class of yours alone too.
        var hiddenAnswers = new (EquatableArray<string> Hidden, string? HidesAbstract)[keys.Count];
        foreach (var i in BasesFirst(types))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (key, type) = (keys[i], types[i]);
            hiddenAnswers[i] = type is null ? (EquatableArray<string>.Empty, null) : HiddenMembers(type, key.Valid, bases, hasRuntime, compilation, ownAnswers[i], probeTree);
            if (hiddenAnswers[i].HidesAbstract is not null && bases.TryGetValue(MetadataName(key), out var generatedKey) && generatedKey == key)
            {
                bases.Remove(MetadataName(key));
            }
        }

        var classes = new List<ClassSpec>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var (key, typed, own, (hidden, hidesAbstract), note) = (keys[i], typedAnswers[i], ownAnswers[i], hiddenAnswers[i], notes[i]);
            var attributeProblem = note.Problem ?? typed.AttributeProblem;
            classes.Add(new ClassSpec(
                key.Path,
                hidden,
                typed.Accessibility,
                typed.Problem,
                typed.Obsolete,
                typed.ObsoleteIds,
                hidesAbstract,
                own.Problem,
                own.ProgramField,
                own.ProgramClass,
                own.ErrorsConstant,
                key.InputType,
                key.OutputType,
                attributeProblem,
                note.Conflict,
                attributeProblem is null && note.Conflict is null ? null : SpotOf(note.Reference),
                kindProblems[i],
                namespaceProblems[i]));
        }

        foreach (var key in found)
        {
            if (key is not null && losers.Contains(key.Path))
            {
                classes.Add(new ClassSpec(key.Path, EquatableArray<string>.Empty));
            }
        }

        return new EquatableArray<ClassSpec>(classes);
    }

    private static bool IsTyped(ClassKey key) => key.InputType.Length > 0 || key.OutputType.Length > 0;

    /// <summary>Why your half of the class cannot be joined by the generated class half (ASL1011), or null when it is a class.</summary>
    private static string? KindProblemOf(ClassKey key, INamedTypeSymbol type)
    {
        var kind = type.TypeKind switch
        {
            TypeKind.Class when type.IsRecord => "a record",
            TypeKind.Class => null,
            TypeKind.Struct when type.IsRecord => "a record struct",
            TypeKind.Struct => "a struct",
            TypeKind.Interface => "an interface",
            TypeKind.Enum => "an enum",
            TypeKind.Delegate => "a delegate",
            _ => "not a class",
        };
        return kind is null
            ? null
            : "Your declaration of '" + type.Name + "' is " + kind + ", and the class '" + System.IO.Path.GetFileName(key.Path) + "' generates is a class: C# refuses partial declarations of different kinds (CS0261). Declare it 'partial class' ('static partial class' or 'sealed partial class' are fine); the class is not generated.";
    }

    /// <summary>Whether <paramref name="fullName"/> (dotted, no <c>global::</c>) names a namespace under <paramref name="global"/>.</summary>
    private static bool IsNamespace(INamespaceSymbol global, string fullName)
    {
        var current = global;
        foreach (var part in fullName.Split('.'))
        {
            INamespaceSymbol? next = null;
            foreach (var member in current.GetMembers(part))
            {
                if (member is INamespaceSymbol ns)
                {
                    next = ns;
                    break;
                }
            }

            if (next is null)
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    /// <summary>ASL1016's text: the class <paramref name="fullName"/> that the definition makes is also a namespace.</summary>
    private static string NamespaceProblemOf(ClassKey key, string fullName) =>
        "The class '" + fullName + "' that '" + System.IO.Path.GetFileName(key.Path) + "' generates has the full name of a namespace ('" + fullName
        + "', in this project or an assembly it references): in the generated code C# would take the class for that namespace (CS0437, CS0426). "
        + "Rename the file, set AslClassName, or change the RootNamespace; the class is not generated.";

    private static string MetadataName(ClassKey key)
    {
        var name = key.ClassName.TrimStart('@');
        return key.Namespace.Length == 0 ? name : key.Namespace + "." + name;
    }

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>
    /// The indexes of <paramref name="types"/> ordered by how many base classes each has (a class without a half of
    /// yours has none of its own), in their order among equals: a base class comes before every class derived from it.
    /// </summary>
    private static int[] BasesFirst(INamedTypeSymbol?[] types)
    {
        var depths = new int[types.Length];
        var order = new int[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            order[i] = i;
            for (var b = types[i]?.BaseType; b is not null && b.TypeKind != TypeKind.Error; b = b.BaseType)
            {
                depths[i]++;
            }
        }

        Array.Sort(order, (a, b) => depths[a] != depths[b] ? depths[a].CompareTo(depths[b]) : a.CompareTo(b));
        return order;
    }

    private static bool HasUnresolvedBase(INamedTypeSymbol type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.TypeKind == TypeKind.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every generated class declared (so a class derived from one resolves its base) with the nested types the generated
    /// half declares (which a name without a dot can mean: a typed input, your method's <c>IHandlers</c> parameter), and
    /// the typed input and output tried as the typed RunAsync uses them: a parameter of an async method and a type
    /// argument (AslGenerator.Emitter's EmitTypedRun). Its declarations are no member of yours or of a base.
    /// </summary>
    private static string ProbeSource(IEnumerable<ClassKey> keys, bool hasRuntime)
    {
        const string Json = "global::AslCompiler.Runtime.Json.JsonValue";
        const string Options = "global::System.Text.Json.JsonSerializerOptions";
        const string Typed = "global::AslCompiler.Runtime.Compiled.TypedJson";
        var text = new StringBuilder("#nullable enable\n");
        foreach (var key in keys)
        {
            text.Append(key.Namespace.Length > 0 ? "namespace " + key.Namespace + "\n{\n" : string.Empty).Append("partial class ").Append(key.ClassName).Append("\n{\n");
            text.Append(hasRuntime ? "public static class States { }\npublic interface IHandlers { }\n" : "public static class States { }\n");
            if (hasRuntime && IsTyped(key))
            {
                if (key.InputType.Length > 0)
                {
                    text.Append("private static async global::System.Threading.Tasks.ValueTask<").Append(Json).Append("> ").Append(InputProbe)
                        .Append('(').Append(key.InputType).Append(" input, ").Append(Options).Append("? json)\n{\nawait global::System.Threading.Tasks.Task.Yield();\nreturn ")
                        .Append(Typed).Append(".ToJson(input, json);\n}\n");
                }

                if (key.OutputType.Length > 0)
                {
                    text.Append("private static async global::System.Threading.Tasks.ValueTask<").Append(key.OutputType).Append("> ").Append(OutputProbe)
                        .Append('(').Append(Json).Append(" value, ").Append(Options).Append("? json)\n{\nawait global::System.Threading.Tasks.Task.Yield();\nreturn ")
                        .Append(Typed).Append(".FromJson<").Append(key.OutputType).Append(">(value, json);\n}\n");
                }
            }

            text.Append("}\n").Append(key.Namespace.Length > 0 ? "}\n" : string.Empty);
        }

        return text.ToString();
    }

    /// <summary>
    /// The typed RunAsync's accessibility (the most its types allow, public as before when they allow it) or, when a
    /// type cannot be used there, the C# error it would cause in the generated file (ASL1005); and whether a type is
    /// obsolete (ASL1006), with the warnings the typed RunAsync then silences.
    /// </summary>
    private static TypedAnswer TypedMembers(ClassKey key, INamedTypeSymbol type, ClassDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        var level = AccessLevel.Public;
        var problems = new StringBuilder();
        var attributeProblems = new StringBuilder();
        var obsolete = new StringBuilder();
        var obsoleteIds = new SortedSet<string>(StringComparer.Ordinal);
        ITypeSymbol? inputType = null;
        ITypeSymbol? outputType = null;
        foreach (var method in declaration.Members.OfType<MethodDeclarationSyntax>())
        {
            var input = method.Identifier.ValueText == InputProbe;
            if (!input && method.Identifier.ValueText != OutputProbe)
            {
                continue;
            }

            Diagnostic? error = null;
            Diagnostic? warning = null;
            foreach (var diagnostic in model.GetDiagnostics(method.Span, cancellationToken))
            {
                if (IsObsoleteWarning(diagnostic))
                {
                    // The type you chose is obsolete: a warning (an error only as warnings-as-errors makes it), given on
                    // the .asl.json file, not an error that keeps the typed RunAsync from being made. Suppressed in the
                    // compilation's options (NoWarn), it is not seen here at all, and is suppressed in the generated file too.
                    warning ??= diagnostic;
                    obsoleteIds.Add(diagnostic.Id);
                }
                else if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    error ??= diagnostic;
                }
            }

            var named = "The " + SideName(key, input);
            var fromAttribute = input ? key.InputFromAttribute : key.OutputFromAttribute;
            if (error is not null)
            {
                var into = fromAttribute ? attributeProblems : problems;
                into.Append(into.Length == 0 ? string.Empty : " ")
                    .Append(named).Append(input ? " cannot be the typed RunAsync's input: " : " cannot be the typed RunAsync's output: ")
                    .Append(Sentence(error));
                continue;
            }

            // A type the attribute names obsolete is warned of by C# already, at its typeof: the generated file only
            // silences the warning, and no ASL1006 repeats it.
            if (warning is not null && !fromAttribute)
            {
                obsolete.Append(obsolete.Length == 0 ? string.Empty : " ").Append(named).Append(" is obsolete: ").Append(Sentence(warning));
            }

            if (model.GetDeclaredSymbol(method, cancellationToken) is { } probe)
            {
                var typed = input ? probe.Parameters[0].Type : ((INamedTypeSymbol)probe.ReturnType).TypeArguments[0];
                inputType = input ? typed : inputType;
                outputType = input ? outputType : typed;
                level = (AccessLevel)Math.Min((int)level, (int)LevelOf(typed));
            }
        }

        if (problems.Length > 0 || attributeProblems.Length > 0)
        {
            return new TypedAnswer(
                "public",
                problems.Length > 0 ? problems.Append(" The typed RunAsync is not generated.").ToString() : null,
                null,
                string.Empty,
                AttributeProblem: attributeProblems.Length > 0 ? attributeProblems.Append(" The typed RunAsync is not generated.").ToString() : null);
        }

        // A member is as accessible as the least accessible type in its signature allows (CS0050, CS0051). In an internal
        // class a public member is internal already, so it stays public over internal types.
        var accessibility = level switch
        {
            AccessLevel.Restricted => "private",
            AccessLevel.Assembly when type.DeclaredAccessibility == Accessibility.Public => "internal",
            _ => "public",
        };
        return new TypedAnswer(
            accessibility,
            null,
            obsolete.Length == 0 ? null : obsolete.Append(" The typed RunAsync uses it as you named it; the warning is given here rather than in the generated file.").ToString(),
            string.Join(", ", obsoleteIds),
            inputType,
            Output: outputType);
    }

    /// <summary>
    /// CS0612 (<c>[Obsolete]</c>) or CS0618 (<c>[Obsolete("message")]</c>), warnings as errors or not. <c>[Obsolete(...,
    /// error: true)]</c> is CS0619, an error: the type cannot be used (ASL1005).
    /// </summary>
    private static bool IsObsoleteWarning(Diagnostic diagnostic) =>
        diagnostic.Id is "CS0612" or "CS0618" && diagnostic.DefaultSeverity == DiagnosticSeverity.Warning;

    /// <summary>A C# diagnostic as one sentence of a message: <c>CS0618: 'T' is obsolete: 'why'.</c></summary>
    private static string Sentence(Diagnostic diagnostic)
    {
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        return diagnostic.Id + ": " + message + (message.EndsWith(".", StringComparison.Ordinal) ? string.Empty : ".");
    }

    /// <summary>The widest accessibility a type allows a member that names it: from its declared accessibility, its containing types' and its type arguments'.</summary>
    private static AccessLevel LevelOf(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return LevelOf(array.ElementType);
            case INamedTypeSymbol named:
                var level = AccessLevel.Public;
                for (var t = named; t is not null; t = t.ContainingType)
                {
                    level = (AccessLevel)Math.Min((int)level, (int)(t.DeclaredAccessibility switch
                    {
                        Accessibility.Public => AccessLevel.Public,
                        Accessibility.Internal or Accessibility.ProtectedOrInternal => AccessLevel.Assembly,
                        _ => AccessLevel.Restricted, // private, protected, private protected: only this class (and its relatives) can name it
                    }));
                    foreach (var argument in t.TypeArguments)
                    {
                        level = (AccessLevel)Math.Min((int)level, (int)LevelOf(argument));
                    }
                }

                return level;
            default:
                return AccessLevel.Public; // dynamic, a type parameter: no accessibility of its own
        }
    }

    /// <summary>
    /// The generated members that hide an accessible member of a base class (C#'s rules: a constant, field, property or
    /// type hides every inherited member of its name and arity 0; a method hides the inherited non-methods of its name
    /// and the methods of its signature), so are declared <c>new</c>: without it C# reports CS0108 or CS0114, with it and
    /// nothing hidden CS0109. A base class that is itself generated has members this compilation does not show (the
    /// generator's output is not its input): they are known here for the classes in <paramref name="generated"/>, the
    /// ones that are generated, each with the members it has (a shell no <c>RegisterCompiledProgram</c>; without the
    /// runtime only <c>Definition</c>, <c>DefinitionHash</c> and <c>States</c>). A class kept from being generated
    /// (ASL1007, ASL1008, a file that loses its name) is not there: it has the members your half declares.
    /// </summary>
    /// <remarks>
    /// An abstract member cannot be hidden at all (CS0533, new or not), and a static generated member cannot implement
    /// it: when the member a generated member hides (in the closest base that has one, as C# looks) is abstract, the
    /// second value says so (ASL1007) and the class is not generated.
    /// </remarks>
    private static (EquatableArray<string> Hidden, string? HidesAbstract) HiddenMembers(
        INamedTypeSymbol type, bool valid, Dictionary<string, ClassKey> generated, bool hasRuntime, Compilation compilation, OwnAnswer own, SyntaxTree? probe)
    {
        var hidden = new SortedSet<string>(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal); // the members whose closest hidden member is known
        StringBuilder? abstracts = null;
        for (var b = type.BaseType; b is not null && b.SpecialType != SpecialType.System_Object && b.TypeKind != TypeKind.Error; b = b.BaseType)
        {
            if (b.ContainingType is null && b.Arity == 0 && generated.TryGetValue(MetadataName(b), out var generatedBase))
            {
                // Its public and internal members that a generated class also declares with the same signature.
                // RunAsync and RegisterHandlers take each class's own IHandlers: overloads, not hidden.
                string[] shared = hasRuntime
                    ? generatedBase.Valid
                        ? ["Definition", "DefinitionHash", "States", "IHandlers", "Program", "CreateStateMachineAsync", "RegisterCompiledProgram"]
                        : ["Definition", "DefinitionHash", "States", "IHandlers", "Program", "CreateStateMachineAsync"]
                    : ["Definition", "DefinitionHash", "States"];
                hidden.UnionWith(shared);
                found.UnionWith(shared);
            }

            foreach (var member in GeneratedMembers)
            {
                if (own.IsRenamed(member.Name))
                {
                    continue; // a private member named so that no member of yours or of a base has its name
                }

                var hidesHere = false;
                foreach (var inherited in b.GetMembers(member.Name))
                {
                    if (!IsFromProbe(inherited, probe) && Hides(member, inherited, type, compilation))
                    {
                        hidden.Add(member.Name);
                        hidesHere = true;
                        if (inherited.IsAbstract && !found.Contains(member.Name) && IsDeclared(member.Name, valid, hasRuntime))
                        {
                            abstracts = (abstracts is null ? new StringBuilder() : abstracts.Append(' '))
                                .Append('\'').Append(MetadataName(type)).Append("' derives from '").Append(b.ToDisplayString()).Append("', whose abstract member '")
                                .Append(inherited.ContainingType.ToDisplayString()).Append('.').Append(inherited.Name).Append("' the generated member '").Append(member.Name)
                                .Append("' would hide, which C# does not allow (CS0533), and which a static generated member cannot implement.");
                        }
                    }
                }

                if (hidesHere)
                {
                    found.Add(member.Name);
                }
            }
        }

        return (hidden.Count == 0 ? EquatableArray<string>.Empty : new EquatableArray<string>(hidden), abstracts?.ToString());
    }

    /// <summary>
    /// Whether the generated half of a class declares the member (AslGenerator.Emitter): without the runtime only the
    /// definition's constants; a shell (a definition with errors) has no compiled program but its errors' constant.
    /// </summary>
    private static bool IsDeclared(string member, bool valid, bool hasRuntime) => member switch
    {
        "Definition" or "DefinitionHash" or "States" => true,
        "s_program" or "RegisterCompiledProgram" or "CompiledProgram" => hasRuntime && valid,
        "AslDefinitionErrors" => hasRuntime && !valid,
        _ => hasRuntime,
    };

    private static bool Hides(GeneratedMember member, ISymbol inherited, INamedTypeSymbol type, Compilation compilation)
    {
        if (inherited is IMethodSymbol { MethodKind: not MethodKind.Ordinary } || !compilation.IsSymbolAccessibleWithin(inherited, type))
        {
            return false;
        }

        if (inherited is INamedTypeSymbol { Arity: > 0 } or IMethodSymbol { Arity: > 0 })
        {
            return false; // a generic type or method: another name (States<T>, Definition<T>())
        }

        if (!member.IsMethod || inherited is not IMethodSymbol method)
        {
            return true;
        }

        if (member.Signature is not { } signature || method.Parameters.Length != signature.Length)
        {
            return false;
        }

        for (var i = 0; i < signature.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None || parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != signature[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How widely a type can be named: a member that names it can be no more accessible (CS0050, CS0051).</summary>
    private enum AccessLevel
    {
        /// <summary>Private, protected or private protected somewhere: only a private member is safe.</summary>
        Restricted = 0,

        /// <summary>Internal somewhere: the assembly.</summary>
        Assembly = 1,

        /// <summary>Public all the way.</summary>
        Public = 2,
    }

    /// <summary>What the probe says of the typed RunAsync.</summary>
    /// <param name="Accessibility">Its accessibility.</param>
    /// <param name="Problem">Why a type cannot be used (ASL1005), or null.</param>
    /// <param name="Obsolete">Why a type is obsolete (ASL1006), or null.</param>
    /// <param name="ObsoleteIds">The obsolete warnings to silence in the generated file, or empty.</param>
    /// <param name="Input">The typed input as the probe binds it (for the typed RunAsync's signature), or null.</param>
    /// <param name="AttributeProblem">Why a type <c>[StateMachineTypes]</c> names cannot be used (ASL1005 at the attribute), or null.</param>
    /// <param name="Output">The typed output as the probe binds it (for the signature of the typed RunAsync that takes type infos), or null.</param>
    private sealed record TypedAnswer(string Accessibility, string? Problem, string? Obsolete, string ObsoleteIds, ITypeSymbol? Input = null, string? AttributeProblem = null, ITypeSymbol? Output = null)
    {
        /// <summary>The answer for a class that is not typed, or not looked up: public, no problem.</summary>
        public static readonly TypedAnswer Untyped = new("public", null, null, string.Empty);
    }

    /// <summary>A member the generated half of a class declares (<see cref="GeneratedMembers"/>).</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="IsMethod">Whether it is a method (which hides only inherited non-methods and methods of its signature).</param>
    /// <param name="Signature">For a method, its parameter types as <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/> writes them; null when it takes the class's own <c>IHandlers</c>.</param>
    internal sealed record GeneratedMember(string Name, bool IsMethod, string[]? Signature = null);
}
