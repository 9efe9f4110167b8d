import HTTPTypes
import Instrumentation

/// Writes an instrument's propagation headers (for example `traceparent`) into request header
/// fields; a key that is not a valid field name is skipped.
struct HTTPFieldsInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout HTTPFields) {
        guard let name = HTTPField.Name(key) else { return }
        carrier[name] = value
    }
}
