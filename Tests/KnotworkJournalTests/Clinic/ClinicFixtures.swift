import Foundation
import KnotworkCore
import KnotworkJournal

let berlin = TimeZone(identifier: "Europe/Berlin")!
let patientID = AccountID(UUID(uuidString: "6F1D2C3B-0000-4000-8000-000000000001")!)
let clinicianID = AccountID(UUID(uuidString: "6F1D2C3B-0000-4000-8000-000000000002")!)

/// 2026-11-`day` (2026-11-02 is a Monday).
func nov(_ day: Int) -> CalendarDay { CalendarDay(year: 2026, month: 11, day: day) }

/// A prescription for the patient, written on 2026-11-01 unless `createdAt` says otherwise.
func prescription(
    days: [Weekday] = [.monday, .wednesday, .friday], starts: CalendarDay = nov(2), ends: CalendarDay? = nil,
    regions: [RegionID] = ["low-back", "buttock"], tools: [ToolID] = ["foam-roller"], minutes: Int = 15, notes: String? = nil,
    createdAt: Date = november(1)
) -> Prescription {
    Prescription(
        patient: patientID, clinician: clinicianID, regions: regions, side: .both, tools: tools, minutes: minutes, days: days,
        starts: starts, ends: ends, notes: notes, createdAt: createdAt)
}
