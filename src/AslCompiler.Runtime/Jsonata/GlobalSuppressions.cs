using System.Diagnostics.CodeAnalysis;

// Built-in functions return JSONata values (object?) uniformly; narrowing each return type would not help.
[assembly: SuppressMessage("Performance", "CA1859:Use concrete types when possible for improved performance", Justification = "Uniform JSONata value type.", Scope = "namespaceanddescendants", Target = "~N:AslCompiler.Runtime.Jsonata")]

// Picture-string code follows the reference algorithm with plain substrings; it is not on a hot path.
[assembly: SuppressMessage("Performance", "CA1845:Use span-based 'string.Concat'", Justification = "Readability; not a hot path.", Scope = "type", Target = "~T:AslCompiler.Runtime.Jsonata.JsonataDateTime")]
[assembly: SuppressMessage("Performance", "CA1846:Prefer 'AsSpan' over 'Substring'", Justification = "Readability; not a hot path.", Scope = "type", Target = "~T:AslCompiler.Runtime.Jsonata.JsonataDateTime")]
[assembly: SuppressMessage("Performance", "CA1845:Use span-based 'string.Concat'", Justification = "Readability; not a hot path.", Scope = "type", Target = "~T:AslCompiler.Runtime.Jsonata.JsonataNumberFormat")]
[assembly: SuppressMessage("Performance", "CA1846:Prefer 'AsSpan' over 'Substring'", Justification = "Readability; not a hot path.", Scope = "type", Target = "~T:AslCompiler.Runtime.Jsonata.JsonataNumberFormat")]
